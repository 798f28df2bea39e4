import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useState, type FormEvent } from "react";
import { Link as RouterLink, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { useConfirmPasswordReset } from "@/features/auth/api/password-reset";
import { PasswordField } from "@/components/ui/password-field";
import { ApiError } from "@/lib/api-client";
import { errorMessage, fieldErrors } from "@/lib/errors";

/** The screen a reset email links to: `/reset-password?uid=…&token=…`. */
export function ResetPasswordRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const uid = params.get("uid") ?? "";
  const token = params.get("token") ?? "";
  const confirm = useConfirmPasswordReset();
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [touched, setTouched] = useState(false);
  const errors = fieldErrors(confirm.error);
  const linkBroken = !uid || !token || (confirm.error instanceof ApiError && confirm.error.code === "reset_link_invalid");
  const mismatch = touched && repeat !== password;
  const tooShort = touched && password.length > 0 && password.length < 8;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (password.length < 8 || password !== repeat) return;
    confirm.mutate({ uid, token, new_password: password });
  };

  return (
    <Stack spacing={2}>
      <Typography variant="h1">{t("auth.resetTitle")}</Typography>
      {confirm.isSuccess ? (
        <>
          <Alert severity="success" role="status" data-testid="reset-done">
            {t("auth.resetDone")}
          </Alert>
          <Button component={RouterLink} to="/login" variant="contained" size="large">
            {t("auth.signIn")}
          </Button>
        </>
      ) : linkBroken ? (
        <>
          <Alert severity="error" data-testid="reset-link-invalid">
            {t("errors.reset_link_invalid")}
          </Alert>
          <Button component={RouterLink} to="/forgot-password" variant="contained">
            {t("auth.requestNewLink")}
          </Button>
        </>
      ) : (
        <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={t("auth.resetTitle")}>
          {confirm.isError && !errors.new_password && <Alert severity="error">{errorMessage(confirm.error, t)}</Alert>}
          <PasswordField
            label={t("auth.newPassword")}
            name="new_password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoFocus
            error={Boolean(errors.new_password) || tooShort}
            helperText={errors.new_password ?? t("auth.passwordHelp")}
          />
          <PasswordField
            label={t("auth.passwordConfirm")}
            name="new_password_confirm"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            required
            error={mismatch}
            helperText={mismatch ? t("auth.passwordMismatch") : undefined}
          />
          <Button type="submit" variant="contained" size="large" disabled={confirm.isPending}>
            {t("auth.setNewPassword")}
          </Button>
        </Stack>
      )}
      {!confirm.isSuccess && (
        <Typography variant="body2" sx={{ textAlign: "center" }}>
          <Link component={RouterLink} to="/login">
            {t("auth.backToSignIn")}
          </Link>
        </Typography>
      )}
    </Stack>
  );
}
