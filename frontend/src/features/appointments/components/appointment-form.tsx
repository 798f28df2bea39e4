import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { useCreateAppointment } from "@/features/appointments/api/appointment-mutations";
import { errorMessage, fieldErrors } from "@/lib/errors";

export function AppointmentForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateAppointment();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [scheduledFor, setScheduledFor] = useState("");
  const [touched, setTouched] = useState(false);
  const errors = fieldErrors(create.error);
  const titleMissing = touched && !title.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!title.trim()) return;
    create.mutate(
      {
        title: title.trim(),
        description: description.trim(),
        scheduled_for: scheduledFor ? new Date(scheduledFor).toISOString() : null,
      },
      { onSuccess: (appointment) => navigate(`/appointments/${appointment.id}`) },
    );
  };

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={t("appointments.newTitle")}>
      {create.isError && !Object.keys(errors).length && <Alert severity="error">{errorMessage(create.error, t)}</Alert>}
      <TextField
        label={t("appointments.title")}
        name="title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        required
        autoFocus
        slotProps={{ htmlInput: { maxLength: 200 } }}
        error={titleMissing || Boolean(errors.title)}
        helperText={errors.title ?? (titleMissing ? t("common.required") : t("appointments.titleHelp"))}
      />
      <TextField
        label={t("appointments.description")}
        name="description"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        multiline
        minRows={4}
        slotProps={{ htmlInput: { maxLength: 5000 } }}
        error={Boolean(errors.description)}
        helperText={errors.description ?? t("appointments.descriptionHelp")}
      />
      <TextField
        label={t("appointments.scheduledFor")}
        name="scheduled_for"
        type="datetime-local"
        value={scheduledFor}
        onChange={(e) => setScheduledFor(e.target.value)}
        slotProps={{ inputLabel: { shrink: true } }}
        error={Boolean(errors.scheduled_for)}
        helperText={errors.scheduled_for ?? t("common.optional")}
      />
      <Button type="submit" variant="contained" size="large" disabled={create.isPending} sx={{ alignSelf: { sm: "flex-start" } }}>
        {t("appointments.submitRequest")}
      </Button>
    </Stack>
  );
}
