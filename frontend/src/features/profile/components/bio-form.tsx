import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useToast } from "@/components/ui/toaster";
import { useUpdateMe } from "@/features/profile/api/update-me";
import { errorMessage, fieldErrors } from "@/lib/errors";

const MAX_LENGTH = 2000;

/** The master's public "about" text, shown on their profile page to clients. */
export function BioForm({ bio }: { bio: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const update = useUpdateMe();
  const [value, setValue] = useState(bio);
  const errors = fieldErrors(update.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ bio: value.trim() }, { onSuccess: () => toast.success(t("common.saved")) });
  };

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={t("profile.about")}>
      {update.isError && !errors.bio && <Alert severity="error">{errorMessage(update.error, t)}</Alert>}
      <TextField
        label={t("profile.about")}
        name="bio"
        value={value}
        onChange={(e) => setValue(e.target.value.slice(0, MAX_LENGTH))}
        multiline
        minRows={4}
        placeholder={t("profile.aboutPlaceholder")}
        error={Boolean(errors.bio)}
        helperText={errors.bio ?? `${value.length}/${MAX_LENGTH}`}
      />
      <Button type="submit" variant="contained" disabled={update.isPending || value.trim() === bio.trim()} sx={{ alignSelf: "flex-start" }}>
        {t("common.save")}
      </Button>
    </Stack>
  );
}
