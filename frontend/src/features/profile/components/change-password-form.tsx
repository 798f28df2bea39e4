import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useToast } from "@/components/ui/toaster";
import { PasswordField } from "@/components/ui/password-field";
import { useChangePassword } from "@/features/profile/api/change-password";
import { errorMessage, fieldErrors } from "@/lib/errors";

/** The current password and a new one twice; other devices are signed out by the server. */
export function ChangePasswordForm() {
  const { t } = useTranslation();
  const toast = useToast();
  const change = useChangePassword();
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [touched, setTouched] = useState(false);
  const errors = fieldErrors(change.error);
  const mismatch = touched && repeat !== password;
  const tooShort = touched && password.length > 0 && password.length < 8;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!current || password.length < 8 || password !== repeat) return;
    change.mutate(
      { current_password: current, new_password: password },
      {
        onSuccess: () => {
          setCurrent("");
          setPassword("");
          setRepeat("");
          setTouched(false);
          toast.success(t("profile.passwordChanged"));
        },
      },
    );
  };

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={t("profile.changePassword")}>
      {change.isError && !errors.current_password && !errors.new_password && <Alert severity="error">{errorMessage(change.error, t)}</Alert>}
      <PasswordField
        label={t("profile.currentPassword")}
        name="current_password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        required
        error={Boolean(errors.current_password) || (touched && !current)}
        helperText={errors.current_password}
      />
      <PasswordField
        label={t("auth.newPassword")}
        name="new_password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
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
        helperText={mismatch ? t("auth.passwordMismatch") : t("profile.otherDevicesSignedOut")}
      />
      <Button type="submit" variant="contained" disabled={change.isPending} sx={{ alignSelf: "flex-start" }}>
        {t("profile.changePassword")}
      </Button>
    </Stack>
  );
}
