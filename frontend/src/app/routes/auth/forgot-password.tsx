import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState, type FormEvent } from "react";
import { Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import { LoadingState } from "@/components/ui/states";
import { passwordResetEnabled, useSite } from "@/features/auth/api/get-site";
import { useRequestPasswordReset } from "@/features/auth/api/password-reset";
import { errorMessage, fieldErrors } from "@/lib/errors";

/** "Forgot your password?": an address in, always the same answer out (no account enumeration). */
export function ForgotPasswordRoute() {
  const { t } = useTranslation();
  const site = useSite();
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState("");
  const errors = fieldErrors(request.error);
  const valid = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    request.mutate({ email: email.trim() });
  };

  if (site.isPending) return <LoadingState />;
  const support = site.data?.support_contact;

  return (
    <Stack spacing={2}>
      <Typography variant="h1">{t("auth.forgotTitle")}</Typography>
      {!passwordResetEnabled(site.data) ? (
        <Alert severity="info" data-testid="reset-unavailable">
          {support ? t("auth.resetUnavailableContact", { contact: support }) : t("auth.resetUnavailable")}
        </Alert>
      ) : request.isSuccess ? (
        <Alert severity="success" role="status" data-testid="reset-sent">
          {t("auth.resetSent", { email: email.trim() })}
        </Alert>
      ) : (
        <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={t("auth.forgotTitle")}>
          <Typography color="text.secondary">{t("auth.forgotHelp")}</Typography>
          {request.isError && !errors.email && <Alert severity="error">{errorMessage(request.error, t)}</Alert>}
          <TextField
            label={t("profile.email")}
            name="email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoFocus
            error={Boolean(errors.email)}
            helperText={errors.email}
          />
          <Button type="submit" variant="contained" size="large" disabled={!valid || request.isPending}>
            {t("auth.sendResetLink")}
          </Button>
        </Stack>
      )}
      <Typography variant="body2" sx={{ textAlign: "center" }}>
        <Link component={RouterLink} to="/login">
          {t("auth.backToSignIn")}
        </Link>
      </Typography>
    </Stack>
  );
}
