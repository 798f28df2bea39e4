import CloseIcon from "@mui/icons-material/Close";
import MenuIcon from "@mui/icons-material/Menu";
import AppBar from "@mui/material/AppBar";
import Box from "@mui/material/Box";
import Container from "@mui/material/Container";
import Divider from "@mui/material/Divider";
import Drawer from "@mui/material/Drawer";
import IconButton from "@mui/material/IconButton";
import Toolbar from "@mui/material/Toolbar";
import Typography from "@mui/material/Typography";
import { Suspense, useState, type ReactNode } from "react";
import { Link, Outlet, useLocation } from "react-router";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "@/app/layout/language-switch";
import { LiveIndicator } from "@/app/layout/live-indicator";
import { NavList } from "@/app/layout/nav-list";
import { UserMenu } from "@/app/layout/user-menu";
import { ErrorBoundary } from "@/components/ui/error-boundary";
import { SiteNameContext } from "@/components/ui/page";
import { LoadingState } from "@/components/ui/states";
import { useSiteName } from "@/features/auth/api/get-site";
import { NotificationBell } from "@/features/notifications/components/notification-bell";

const DRAWER_WIDTH = 240;

export function AppLayout({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const siteName = useSiteName();
  const [open, setOpen] = useState(false);
  const location = useLocation();

  return (
    <Box sx={{ display: "flex", minHeight: "100vh" }}>
      <a href="#main" className="skip-link">
        {t("nav.skipToContent")}
      </a>
      {/* Above the permanent drawer on wide screens; on a phone the menu opens over the bar. */}
      <AppBar position="fixed" sx={(theme) => ({ [theme.breakpoints.up("md")]: { zIndex: theme.zIndex.drawer + 1 } })}>
        <Toolbar sx={{ gap: 1, px: { xs: 1, sm: 2 } }}>
          <IconButton color="inherit" edge="start" onClick={() => setOpen(true)} aria-label={t("nav.openMenu")} sx={{ display: { md: "none" } }}>
            <MenuIcon />
          </IconButton>
          <Typography variant="h6" component={Link} to="/" sx={{ color: "inherit", textDecoration: "none", flexGrow: 1, minWidth: 0 }} noWrap>
            {siteName}
          </Typography>
          <LiveIndicator />
          <NotificationBell />
          <LanguageSwitch />
          <UserMenu />
        </Toolbar>
      </AppBar>
      {/* The phone drawer renders in a portal, so each drawer carries its own navigation landmark. */}
      <Box sx={{ width: { md: DRAWER_WIDTH }, flexShrink: { md: 0 } }}>
        <Drawer
          variant="temporary"
          open={open}
          onClose={() => setOpen(false)}
          ModalProps={{ keepMounted: true }}
          sx={{ display: { xs: "block", md: "none" }, "& .MuiDrawer-paper": { width: DRAWER_WIDTH } }}
        >
          {/* The drawer's own head, as tall as the app bar: the first item is never under it. */}
          <Toolbar sx={{ gap: 1, px: 2 }} data-testid="drawer-head">
            <Typography variant="h6" component="p" noWrap sx={{ flexGrow: 1, minWidth: 0 }}>
              {siteName}
            </Typography>
            <IconButton edge="end" onClick={() => setOpen(false)} aria-label={t("nav.closeMenu")}>
              <CloseIcon />
            </IconButton>
          </Toolbar>
          <Divider />
          <Box component="nav" aria-label={t("nav.main")}>
            <NavList onNavigate={() => setOpen(false)} />
          </Box>
        </Drawer>
        <Drawer
          variant="permanent"
          open
          sx={{ display: { xs: "none", md: "block" }, "& .MuiDrawer-paper": { width: DRAWER_WIDTH, boxSizing: "border-box" } }}
        >
          <Toolbar />
          <Box component="nav" aria-label={t("nav.main")}>
            <NavList />
          </Box>
        </Drawer>
      </Box>
      <Box component="main" id="main" tabIndex={-1} sx={{ flexGrow: 1, minWidth: 0, outline: "none" }}>
        <Toolbar />
        <Container maxWidth="lg" sx={{ py: { xs: 2, sm: 3 }, px: { xs: 1.5, sm: 3 } }}>
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<LoadingState />}>
              <SiteNameContext.Provider value={siteName}>{children ?? <Outlet />}</SiteNameContext.Provider>
            </Suspense>
          </ErrorBoundary>
        </Container>
      </Box>
    </Box>
  );
}
