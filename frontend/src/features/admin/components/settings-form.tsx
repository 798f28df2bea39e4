import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Divider from "@mui/material/Divider";
import FormControlLabel from "@mui/material/FormControlLabel";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useToast } from "@/components/ui/toaster";
import { useUpdateSystemSettings } from "@/features/admin/api/admin-system";
import type { SiteSettings } from "@/lib/api/types";
import { errorMessage, fieldErrors } from "@/lib/errors";

/** The owner's settings: how the business presents itself and takes payment, then the technical limits. */
export function SettingsForm({ settings }: { settings: SiteSettings }) {
  const { t } = useTranslation();
  const toast = useToast();
  const update = useUpdateSystemSettings();
  const [values, setValues] = useState(settings);
  const errors = fieldErrors(update.error);
  const text = (field: keyof SiteSettings) => ({
    name: field,
    value: String(values[field] ?? ""),
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value })),
    error: Boolean(errors[field]),
    helperText: errors[field] ?? t(`settings.help.${field}`, { defaultValue: "" }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { updated_at: _ignored, ...body } = values;
    update.mutate({ ...body, max_upload_mb: Number(values.max_upload_mb) }, { onSuccess: () => toast.success(t("common.saved")) });
  };

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={t("settings.title")}>
      {update.isError && !Object.keys(errors).length && <Alert severity="error">{errorMessage(update.error, t)}</Alert>}
      <Typography variant="h3" component="h2">
        {t("settings.business")}
      </Typography>
      <TextField label={t("system.site_name")} required {...text("site_name")} />
      <TextField label={t("system.support_contact")} {...text("support_contact")} />
      <TextField label={t("system.payment_instructions")} multiline minRows={3} {...text("payment_instructions")} />
      <FormControlLabel
        control={<Switch checked={Boolean(values.registration_open)} onChange={(e) => setValues((v) => ({ ...v, registration_open: e.target.checked }))} name="registration_open" />}
        label={t("system.registration_open")}
      />
      <Divider />
      <Typography variant="h3" component="h2">
        {t("settings.technical")}
      </Typography>
      <TextField label={t("system.max_upload_mb")} type="number" slotProps={{ htmlInput: { min: 1, max: 50 } }} {...text("max_upload_mb")} />
      <TextField label={t("system.telegram_bot_username")} {...text("telegram_bot_username")} />
      <Button type="submit" variant="contained" disabled={update.isPending} sx={{ alignSelf: "flex-start" }}>
        {t("common.save")}
      </Button>
    </Stack>
  );
}
