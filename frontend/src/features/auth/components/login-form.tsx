import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useState, type FormEvent } from "react";
import { Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import { useLogin } from "@/features/auth/api/sign-in";
import { PasswordField } from "@/components/ui/password-field";
import { errorMessage } from "@/lib/errors";

export function LoginForm() {
  const { t } = useTranslation();
  const login = useLogin();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username: username.trim(), password });
  };

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={t("auth.loginTitle")}>
      {login.isError && (
        <Alert severity="error" role="alert">
          {errorMessage(login.error, t)}
        </Alert>
      )}
      <TextField
        label={t("auth.username")}
        name="username"
        autoComplete="username"
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        required
        autoFocus
      />
      <PasswordField
        label={t("auth.password")}
        name="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
      />
      <Link component={RouterLink} to="/forgot-password" variant="body2" sx={{ alignSelf: "flex-end", mt: "4px !important" }}>
        {t("auth.forgotPassword")}
      </Link>
      <Button type="submit" variant="contained" size="large" disabled={login.isPending || !username.trim() || !password}>
        {t("auth.signIn")}
      </Button>
    </Stack>
  );
}
