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
import { useSession } from "@/lib/auth";

function availableActions(status: Record<string, unknown> | undefined): string[] {
  const raw = status?.actions ?? status?.available_actions;
  if (!Array.isArray(raw)) return [];
  return raw.map((a) => (typeof a === "string" ? a : typeof a === "object" && a && "name" in a ? String((a as { name: unknown }).name) : "")).filter(Boolean);
}

export function AdminSystemRoute() {
  const { t } = useTranslation();
  const { can } = useSession();
  const status = useSystemStatus();
  const settings = useSystemSettings(can("system.settings"));
  const { actions: _actions, available_actions: _available, ...report } = status.data ?? {};

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
            {status.data && <StatusTree data={report} />}
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
              <RunActionForm key={availableActions(status.data).join(",")} actions={availableActions(status.data)} />
            </CardContent>
          </Card>
        )}
      </Stack>
    </Page>
  );
}
