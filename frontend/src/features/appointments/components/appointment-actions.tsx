import Button from "@mui/material/Button";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormDialog } from "@/components/ui/form-dialog";
import { useToast } from "@/components/ui/toaster";
import { useAppointmentAction } from "@/features/appointments/api/appointment-mutations";
import type { Appointment } from "@/lib/api/types";
import { STATUSES } from "@/lib/appointment-status";
import { errorMessage } from "@/lib/errors";
import { currencyName } from "@/lib/format";

type Input = "price" | "reason" | "optionalReason" | "status" | "confirm" | "none";
type Spec = { input: Input; color?: "primary" | "error" | "success" | "inherit"; variant?: "contained" | "outlined" };

/** How each action the backend offers is asked for. Which actions appear is the backend's call alone. */
const ACTIONS: Record<string, Spec> = {
  take: { input: "none", variant: "contained" },
  set_price: { input: "price", variant: "contained" },
  mark_paid: { input: "confirm", variant: "contained" },
  confirm_payment: { input: "confirm", variant: "contained", color: "success" },
  reject_payment: { input: "reason", color: "error" },
  start: { input: "none", variant: "contained" },
  complete: { input: "confirm", variant: "contained", color: "success" },
  decline: { input: "reason", color: "error" },
  cancel: { input: "optionalReason", color: "error" },
  set_status: { input: "status" },
};

/** Offered elsewhere on the screen: the proof uploader and the review forms. */
export const ACTIONS_WITH_OWN_UI = new Set(["upload_payment_proof", "review_master", "review_client"]);

/** The actions this panel offers: whatever the backend allows, less those with their own UI. */
export function actionsOfThisPanel(appointment: Appointment): string[] {
  return appointment.allowed_actions.filter((action) => !ACTIONS_WITH_OWN_UI.has(action));
}

export function AppointmentActions({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const toast = useToast();
  const mutation = useAppointmentAction(appointment.id);
  const [open, setOpen] = useState<string | null>(null);
  const [price, setPrice] = useState("");
  const [reason, setReason] = useState("");
  const [status, setStatus] = useState<string>(appointment.status);

  const actions = actionsOfThisPanel(appointment);
  if (!actions.length) return null;

  const label = (action: string) => t(`actions.${action}`, { defaultValue: action.replace(/_/g, " ") });
  const needsProof = (action: string) => action === "mark_paid" && !appointment.payment.proof;

  const run = (action: string, body?: Record<string, unknown>) =>
    mutation.mutateAsync({ action, body }).then(() => toast.success(t(`actions.done.${action}`, { defaultValue: t("common.done") })));

  const openDialog = (action: string) => {
    setPrice(appointment.price ?? "");
    setReason("");
    setStatus(appointment.status);
    setOpen(action);
  };

  const priceValid = /^\d{1,10}([.,]\d{1,2})?$/.test(price.trim()) && Number(price.replace(",", ".")) > 0;
  const spec = open ? (ACTIONS[open] ?? { input: "none" }) : null;

  return (
    <Stack spacing={1}>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ flexWrap: "wrap", gap: 1 }} data-testid="appointment-actions">
        {actions.map((action) => {
          const actionSpec = ACTIONS[action] ?? { input: "none" as const };
          return (
            <Button
              key={action}
              data-action={action}
              variant={actionSpec.variant ?? "outlined"}
              color={actionSpec.color ?? "primary"}
              disabled={mutation.isPending || needsProof(action)}
              onClick={() => {
                if (actionSpec.input === "none") {
                  run(action).catch((error) => toast.error(errorMessage(error, t)));
                } else openDialog(action);
              }}
            >
              {label(action)}
            </Button>
          );
        })}
      </Stack>
      {actions.includes("mark_paid") && !appointment.payment.proof && (
        <Typography variant="caption" color="text.secondary">
          {t("payment.uploadFirst")}
        </Typography>
      )}

      {open && spec && (
        <FormDialog
          open
          title={label(open)}
          submitLabel={label(open)}
          destructive={spec.color === "error"}
          onClose={() => setOpen(null)}
          submitDisabled={
            (spec.input === "price" && !priceValid) ||
            ((spec.input === "reason" || spec.input === "status") && !reason.trim())
          }
          onSubmit={() => {
            if (spec.input === "price") return run(open, { price: price.trim().replace(",", ".") });
            if (spec.input === "reason") return run(open, { reason: reason.trim() });
            if (spec.input === "optionalReason") return run(open, reason.trim() ? { reason: reason.trim() } : {});
            if (spec.input === "status") return run(open, { status, reason: reason.trim() });
            return run(open);
          }}
        >
          {spec.input === "confirm" && <Typography>{t(`actions.confirm.${open}`, { defaultValue: t("common.areYouSure") })}</Typography>}
          {spec.input === "price" && (
            <TextField
              label={t("appointments.priceIn", { currency: currencyName(appointment.currency) })}
              name="price"
              value={price}
              onChange={(e) => setPrice(e.target.value)}
              autoFocus
              required
              slotProps={{ htmlInput: { inputMode: "decimal" } }}
              error={price.length > 0 && !priceValid}
              helperText={price.length > 0 && !priceValid ? t("appointments.priceInvalid") : undefined}
            />
          )}
          {spec.input === "status" && (
            <TextField select label={t("appointments.newStatus")} name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
              {STATUSES.map((s) => (
                <MenuItem key={s} value={s}>
                  {t(`status.${s}`)}
                </MenuItem>
              ))}
            </TextField>
          )}
          {(spec.input === "reason" || spec.input === "optionalReason" || spec.input === "status") && (
            <TextField
              label={spec.input === "optionalReason" ? `${t("common.reason")} (${t("common.optional")})` : t("common.reason")}
              name="reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              multiline
              minRows={2}
              required={spec.input !== "optionalReason"}
              autoFocus={spec.input !== "status"}
              slotProps={{ htmlInput: { maxLength: 1000 } }}
            />
          )}
        </FormDialog>
      )}
    </Stack>
  );
}
