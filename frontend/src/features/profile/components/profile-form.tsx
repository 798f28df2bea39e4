import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useToast } from "@/components/ui/toaster";
import { useUpdateMe } from "@/features/profile/api/update-me";
import type { Me } from "@/lib/api/types";
import { errorMessage, fieldErrors } from "@/lib/errors";
import { setLanguage } from "@/lib/i18n";

export function ProfileForm({ user }: { user: Me }) {
  const { t } = useTranslation();
  const toast = useToast();
  const update = useUpdateMe();
  const [displayName, setDisplayName] = useState(user.display_name);
  const [email, setEmail] = useState(user.email);
  const [language, setLang] = useState(user.language);
  const errors = fieldErrors(update.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { display_name: displayName.trim(), email: email.trim(), language },
      {
        onSuccess: (me) => {
          void setLanguage(me.language);
          toast.success(t("common.saved"));
        },
      },
    );
  };

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={t("profile.title")}>
      {update.isError && !Object.keys(errors).length && <Alert severity="error">{errorMessage(update.error, t)}</Alert>}
      <TextField label={t("auth.username")} value={user.username} disabled />
      <TextField label={t("profile.displayName")} name="display_name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={Boolean(errors.display_name)} helperText={errors.display_name} />
      <TextField label={t("profile.email")} name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={Boolean(errors.email)} helperText={errors.email} />
      <TextField select label={t("profile.language")} name="language" value={language} onChange={(e) => setLang(e.target.value as Me["language"])}>
        <MenuItem value="ru">Русский</MenuItem>
        <MenuItem value="en">English</MenuItem>
      </TextField>
      <Button type="submit" variant="contained" disabled={update.isPending} sx={{ alignSelf: "flex-start" }}>
        {t("common.save")}
      </Button>
    </Stack>
  );
}
