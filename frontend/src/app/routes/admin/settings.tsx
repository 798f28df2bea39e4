import Alert from "@mui/material/Alert";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { useSystemSettings } from "@/features/admin/api/admin-system";
import { SettingsForm } from "@/features/admin/components/settings-form";
import { SignUpLink } from "@/features/admin/components/sign-up-link";

/** The owner's business settings; diagnostics live on the System screen. */
export function AdminSettingsRoute() {
  const { t } = useTranslation();
  const settings = useSystemSettings();
  return (
    <Page title={t("settings.title")} subtitle={t("settings.subtitle")}>
      <Stack spacing={2} sx={{ maxWidth: 720 }}>
        <Card>
          <CardContent>
            {settings.isPending && <LoadingState />}
            {settings.isError && <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />}
            {settings.data && <SettingsForm key={settings.data.updated_at ?? "settings"} settings={settings.data} />}
          </CardContent>
        </Card>
        <Card>
          <CardContent>
            <Typography variant="h2" gutterBottom>
              {t("settings.signUpLink")}
            </Typography>
            {settings.data && !settings.data.registration_open && (
              <Alert severity="info" sx={{ mb: 2 }}>
                {t("settings.registrationClosedNote")}
              </Alert>
            )}
            <SignUpLink />
          </CardContent>
        </Card>
      </Stack>
    </Page>
  );
}
