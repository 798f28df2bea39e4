import Alert from "@mui/material/Alert";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { Navigate } from "react-router";
import { useTranslation } from "react-i18next";
import { LoadingState } from "@/components/ui/states";
import { useBootstrapStatus } from "@/features/auth/api/get-site";
import { useBootstrapAdmin } from "@/features/auth/api/sign-in";
import { AccountForm } from "@/features/auth/components/account-form";

export function BootstrapRoute() {
  const { t } = useTranslation();
  const status = useBootstrapStatus();
  const bootstrap = useBootstrapAdmin();

  if (status.isPending) return <LoadingState />;
  if (status.data && !status.data.needs_bootstrap) return <Navigate to="/login" replace />;

  return (
    <Stack spacing={2}>
      <Typography variant="h1">{t("auth.bootstrapTitle")}</Typography>
      <Alert severity="info">{t("auth.bootstrapIntro")}</Alert>
      <AccountForm
        mode="bootstrap"
        pending={bootstrap.isPending}
        error={bootstrap.error}
        onSubmit={({ username, password, email }) => bootstrap.mutate({ username, password, email })}
      />
    </Stack>
  );
}
