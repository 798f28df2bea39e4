import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormLabel from "@mui/material/FormLabel";
import Radio from "@mui/material/Radio";
import RadioGroup from "@mui/material/RadioGroup";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { PasswordField } from "@/components/ui/password-field";
import { errorMessage, fieldErrors } from "@/lib/errors";

export type AccountFormValues = {
  username: string;
  password: string;
  email: string;
  display_name: string;
  role: "client" | "master";
};

type Props = {
  mode: "register" | "bootstrap";
  onSubmit: (values: AccountFormValues) => void;
  pending: boolean;
  error: unknown;
};

/** Registration and first-admin creation share one form: the first admin has no role or name choice. */
export function AccountForm({ mode, onSubmit, pending, error }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState<AccountFormValues>({ username: "", password: "", email: "", display_name: "", role: "client" });
  const [confirm, setConfirm] = useState("");
  const [touched, setTouched] = useState(false);
  const errors = fieldErrors(error);
  const mismatch = touched && confirm !== values.password;
  const tooShort = touched && values.password.length > 0 && values.password.length < 8;

  const set = (field: keyof AccountFormValues) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!values.username.trim() || values.password.length < 8 || confirm !== values.password) return;
    onSubmit({ ...values, username: values.username.trim(), email: values.email.trim() });
  };

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate>
      {error != null && (
        <Alert severity="error" role="alert">
          {errorMessage(error, t)}
        </Alert>
      )}
      {mode === "register" && (
        <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
          <FormLabel component="legend">{t("auth.iAm")}</FormLabel>
          <RadioGroup row name="role" value={values.role} onChange={set("role")}>
            <FormControlLabel value="client" control={<Radio />} label={t("auth.roleClient")} />
            <FormControlLabel value="master" control={<Radio />} label={t("auth.roleMaster")} />
          </RadioGroup>
        </fieldset>
      )}
      <TextField
        label={t("auth.username")}
        name="username"
        autoComplete="username"
        value={values.username}
        onChange={set("username")}
        required
        autoFocus
        error={Boolean(errors.username) || (touched && !values.username.trim())}
        helperText={errors.username ?? t("auth.usernameHelp")}
      />
      {mode === "register" && (
        <TextField label={t("profile.displayName")} name="display_name" autoComplete="name" value={values.display_name} onChange={set("display_name")} error={Boolean(errors.display_name)} helperText={errors.display_name} />
      )}
      <TextField label={t("profile.email")} name="email" type="email" autoComplete="email" value={values.email} onChange={set("email")} error={Boolean(errors.email)} helperText={errors.email ?? t("common.optional")} />
      <PasswordField
        label={t("auth.password")}
        name="password"
        autoComplete="new-password"
        value={values.password}
        onChange={set("password")}
        required
        error={Boolean(errors.password) || tooShort}
        helperText={errors.password ?? t("auth.passwordHelp")}
      />
      <PasswordField
        label={t("auth.passwordConfirm")}
        name="password_confirm"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        required
        error={mismatch}
        helperText={mismatch ? t("auth.passwordMismatch") : undefined}
      />
      {mode === "register" && values.role === "master" && <Alert severity="info">{t("auth.masterPendingNote")}</Alert>}
      <Button type="submit" variant="contained" size="large" disabled={pending}>
        {mode === "register" ? t("auth.createAccount") : t("auth.createAdmin")}
      </Button>
    </Stack>
  );
}
