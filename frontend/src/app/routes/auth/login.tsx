import Alert from "@mui/material/Alert";
import Divider from "@mui/material/Divider";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useCallback, useEffect } from "react";
import { Navigate, Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import { LoadingState, ErrorState } from "@/components/ui/states";
import { useBootstrapStatus, useSite } from "@/features/auth/api/get-site";
import { useTelegramLogin } from "@/features/auth/api/sign-in";
import { LoginForm } from "@/features/auth/components/login-form";
import { TelegramLoginButton } from "@/features/auth/components/telegram-login-button";
import type { TelegramLoginRequest } from "@/lib/api/types";
import { useSession } from "@/lib/auth";
import { errorMessage } from "@/lib/errors";
import { takeTelegramLaunchData } from "@/lib/telegram-mini-app";

export function LoginRoute() {
  const { t } = useTranslation();
  const bootstrap = useBootstrapStatus();
  const site = useSite();
  const telegram = useTelegramLogin();
  const { endReason } = useSession();
  const onTelegramAuth = useCallback((user: TelegramLoginRequest) => telegram.mutate(user), [telegram]);
  const signInWithTelegram = telegram.mutate;

  // Opened as a Telegram Mini App: sign in with the launch data, no form.
  useEffect(() => {
    const initData = takeTelegramLaunchData();
    if (initData) signInWithTelegram({ init_data: initData });
  }, [signInWithTelegram]);

  if (bootstrap.isPending) return <LoadingState />;
  if (bootstrap.data?.needs_bootstrap) return <Navigate to="/bootstrap" replace />;

  return (
    <Stack spacing={2}>
      <Typography variant="h1">{t("auth.loginTitle")}</Typography>
      {endReason === "banned" && <Alert severity="error">{t("errors.banned")}</Alert>}
      {endReason === "expired" && <Alert severity="info">{t("auth.sessionExpired")}</Alert>}
      {bootstrap.isError && <ErrorState error={bootstrap.error} onRetry={() => void bootstrap.refetch()} />}
      <LoginForm />
      {telegram.isPending && <LoadingState label={t("auth.telegramSigningIn")} />}
      {telegram.isError && !site.data?.telegram_bot_username && <Alert severity="error">{errorMessage(telegram.error, t)}</Alert>}
      {site.data?.telegram_bot_username && (
        <>
          <Divider>{t("common.or")}</Divider>
          {telegram.isError && <Alert severity="error">{errorMessage(telegram.error, t)}</Alert>}
          <TelegramLoginButton botUsername={site.data.telegram_bot_username} onAuth={onTelegramAuth} />
        </>
      )}
      {site.data?.registration_open && (
        <Typography variant="body2" sx={{ textAlign: "center" }}>
          {t("auth.noAccount")}{" "}
          <Link component={RouterLink} to="/register">
            {t("auth.register")}
          </Link>
        </Typography>
      )}
    </Stack>
  );
}
