import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useToast } from "@/components/ui/toaster";
import { useUpdateMe } from "@/features/profile/api/update-me";
import type { PaymentSettings } from "@/lib/api/types";
import { errorMessage } from "@/lib/errors";

/** What a client is shown when they have to pay this master. */
export function PaymentSettingsForm({ settings }: { settings: PaymentSettings }) {
  const { t } = useTranslation();
  const toast = useToast();
  const update = useUpdateMe();
  const [values, setValues] = useState<Required<PaymentSettings>>({
    method: settings.method ?? "",
    recipient: settings.recipient ?? "",
    account: settings.account ?? "",
    instructions: settings.instructions ?? "",
  });
  const set = (field: keyof PaymentSettings) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ payment_settings: values }, { onSuccess: () => toast.success(t("common.saved")) });
  };

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={t("profile.paymentSettings")}>
      {update.isError && <Alert severity="error">{errorMessage(update.error, t)}</Alert>}
      <TextField label={t("payment.method")} name="method" value={values.method} onChange={set("method")} placeholder={t("payment.methodPlaceholder")} />
      <TextField label={t("payment.recipient")} name="recipient" value={values.recipient} onChange={set("recipient")} />
      <TextField label={t("payment.account")} name="account" value={values.account} onChange={set("account")} />
      <TextField label={t("payment.instructions")} name="instructions" value={values.instructions} onChange={set("instructions")} multiline minRows={3} />
      <Button type="submit" variant="contained" disabled={update.isPending} sx={{ alignSelf: "flex-start" }}>
        {t("common.save")}
      </Button>
    </Stack>
  );
}
