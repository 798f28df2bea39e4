import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { appointmentsTotal, DashboardGuide } from "@/app/routes/dashboard-guide";
import { Page } from "@/components/ui/page";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { useDashboard } from "@/features/dashboard/api/get-dashboard";
import { DashboardView } from "@/features/dashboard/components/dashboard-view";
import type { Score } from "@/features/scores/api/scores";
import { PerformanceCard } from "@/features/scores/components/score-card";
import { useUser } from "@/lib/auth";

export function DashboardRoute() {
  const { t } = useTranslation();
  const user = useUser();
  const dashboard = useDashboard();
  const masterStatus = user.master_profile?.status;

  return (
    <Page
      title={t("dashboard.title", { name: user.display_name || user.username })}
      actions={
        <>
          {user.role === "client" && (
            <Button component={Link} to="/appointments/new" variant="contained">
              {t("nav.newRequest")}
            </Button>
          )}
          {user.role === "master" && masterStatus === "active" && (
            <Button component={Link} to="/queue" variant="contained">
              {t("nav.queue")}
            </Button>
          )}
        </>
      }
    >
      {user.role === "master" && masterStatus !== "active" && (
        <Alert severity={masterStatus === "suspended" ? "error" : "info"} sx={{ mb: 2 }}>
          {t(`master.status_${masterStatus ?? "pending"}`)}
        </Alert>
      )}
      {user.role === "master" && masterStatus === "active" && !user.payment_settings?.account && !user.payment_settings?.instructions && dashboard.data && appointmentsTotal(dashboard.data) > 0 && (
        <Alert severity="warning" sx={{ mb: 2 }} action={<Button component={Link} to="/profile" color="inherit" size="small">{t("nav.profile")}</Button>}>
          {t("master.noPaymentSettings")}
        </Alert>
      )}
      {dashboard.isPending && <LoadingState />}
      {dashboard.isError && <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />}
      {dashboard.data && <DashboardGuide user={user} data={dashboard.data} />}
      {user.role === "master" && isScore(dashboard.data?.performance) && <PerformanceCard performance={dashboard.data.performance} />}
      {dashboard.data && <DashboardView data={dashboard.data} />}
    </Page>
  );
}

/** The dashboard's `performance` section (SPEC 10.2), when the server sends one. */
function isScore(value: unknown): value is Score {
  return typeof value === "object" && value !== null && "level" in value && Array.isArray((value as Score).reasons);
}
