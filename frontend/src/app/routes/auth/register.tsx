import Alert from "@mui/material/Alert";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import { LoadingState } from "@/components/ui/states";
import { useSite } from "@/features/auth/api/get-site";
import { useRegister } from "@/features/auth/api/sign-in";
import { AccountForm } from "@/features/auth/components/account-form";

export function RegisterRoute() {
  const { t } = useTranslation();
  const site = useSite();
  const register = useRegister();

  if (site.isPending) return <LoadingState />;

  return (
    <Stack spacing={2}>
      <Typography variant="h1">{t("auth.registerTitle")}</Typography>
      {site.data && !site.data.registration_open ? (
        <Alert severity="info">{t("errors.registration_closed")}</Alert>
      ) : (
        <AccountForm
          mode="register"
          pending={register.isPending}
          error={register.error}
          onSubmit={(values) => register.mutate(values)}
        />
      )}
      <Typography variant="body2" sx={{ textAlign: "center" }}>
        {t("auth.haveAccount")}{" "}
        <Link component={RouterLink} to="/login">
          {t("auth.signIn")}
        </Link>
      </Typography>
    </Stack>
  );
}
