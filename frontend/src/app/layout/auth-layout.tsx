import Box from "@mui/material/Box";
import Container from "@mui/material/Container";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import { Outlet } from "react-router";
import { LanguageSwitch } from "@/app/layout/language-switch";
import { SiteNameContext, useDocumentTitle } from "@/components/ui/page";
import { useSite, useSiteName } from "@/features/auth/api/get-site";

export function AuthLayout({ children }: { children?: ReactNode }) {
  const site = useSite();
  const siteName = useSiteName();
  useDocumentTitle(siteName);
  return (
    <Box sx={{ minHeight: "100vh", display: "flex", alignItems: { xs: "stretch", sm: "center" }, py: { xs: 0, sm: 4 } }}>
      <Container maxWidth="xs" disableGutters>
        <Paper variant="outlined" sx={{ p: { xs: 2, sm: 4 }, minHeight: { xs: "100vh", sm: "auto" }, borderRadius: { xs: 0, sm: 2 } }}>
          <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center", mb: 2 }}>
            <Typography variant="h2" component="p" color="primary">
              {siteName}
            </Typography>
            <LanguageSwitch />
          </Stack>
          <Box component="main">
            <SiteNameContext.Provider value={siteName}>{children ?? <Outlet />}</SiteNameContext.Provider>
          </Box>
          {site.data?.support_contact && (
            <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 3 }}>
              {site.data.support_contact}
            </Typography>
          )}
        </Paper>
      </Container>
    </Box>
  );
}
