import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { useSystemSettings, useSystemStatus } from "@/features/admin/api/admin-system";
import { RunActionForm } from "@/features/admin/components/run-action-form";
import { SettingsForm } from "@/features/admin/components/settings-form";
import { StatusTree } from "@/features/admin/components/system-status";
import type { SystemStatus } from "@/lib/api/types";
import { useSession } from "@/lib/auth";

export function AdminSystemRoute() {
  const { t } = useTranslation();
  const { can } = useSession();
  const status = useSystemStatus();
  const settings = useSystemSettings(can("system.settings"));
  const { actions = [], ...report } = status.data ?? ({} as Partial<SystemStatus>);

  return (
    <Page title={t("nav.adminSystem")}>
      <Stack spacing={2}>
        <Card>
          <CardContent>
            <Typography variant="h2" gutterBottom>
              {t("system.status")}
            </Typography>
            {status.isPending && <LoadingState />}
            {status.isError && <ErrorState error={status.error} onRetry={() => void status.refetch()} />}
            {status.data && <StatusTree data={report as Record<string, unknown>} />}
          </CardContent>
        </Card>
        {can("system.settings") && (
          <Card>
            <CardContent>
              <Typography variant="h2" gutterBottom>
                {t("system.settings")}
              </Typography>
              {settings.isPending && <LoadingState />}
              {settings.isError && <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />}
              {settings.data && <SettingsForm key={settings.data.updated_at ?? "settings"} settings={settings.data} />}
            </CardContent>
          </Card>
        )}
        {can("system.actions") && (
          <Card>
            <CardContent>
              <Typography variant="h2" gutterBottom>
                {t("system.actions")}
              </Typography>
              {status.data && <RunActionForm actions={actions} />}
            </CardContent>
          </Card>
        )}
      </Stack>
    </Page>
  );
}
