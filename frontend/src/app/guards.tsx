import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import { Link, Navigate, Outlet, useLocation } from "react-router";
import { useTranslation } from "react-i18next";
import { ErrorState, LoadingState, NoticeState } from "@/components/ui/states";
import type { Role } from "@/lib/api/types";
import { useSession } from "@/lib/auth";

/** Routes for signed-in users; anyone else goes to the login screen and comes back afterwards. */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (session.status === "loading") return <LoadingState />;
  if (session.status === "error")
    return (
      <Box sx={{ p: 2 }}>
        <ErrorState error={null} onRetry={session.retry} />
        <Button onClick={() => void session.signOut()}>{t("nav.logout")}</Button>
      </Box>
    );
  if (session.status === "anonymous") {
    const next = location.pathname + location.search;
    return <Navigate to={`/login${next && next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`} replace />;
  }
  return <Outlet />;
}

/** Login, registration and first-run screens: a signed-in user goes home instead. */
export function PublicOnly() {
  const session = useSession();
  const location = useLocation();
  if (session.status === "loading") return <LoadingState />;
  if (session.status === "authenticated") {
    const next = new URLSearchParams(location.search).get("next");
    return <Navigate to={next && next.startsWith("/") && !next.startsWith("//") ? next : "/"} replace />;
  }
  return <Outlet />;
}

/** A screen this account may not open says so (no silent redirect that looks like a broken link). */
function NoAccess() {
  const { t } = useTranslation();
  return (
    <NoticeState title={t("common.noAccess")} description={t("common.noAccessHelp")}>
      <Button component={Link} to="/" variant="contained">
        {t("common.toHome")}
      </Button>
    </NoticeState>
  );
}

export function RequireRole({ roles }: { roles: Role[] }) {
  const { role } = useSession();
  if (!role || !roles.includes(role)) return <NoAccess />;
  return <Outlet />;
}

export function RequireCapability({ capability }: { capability: string }) {
  const { can } = useSession();
  if (!can(capability)) return <NoAccess />;
  return <Outlet />;
}

export function RequireAnyCapability({ capabilities }: { capabilities: string[] }) {
  const { can } = useSession();
  if (!capabilities.some(can)) return <NoAccess />;
  return <Outlet />;
}
