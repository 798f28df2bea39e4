import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Link from "@mui/material/Link";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import { Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import type { Appointment } from "@/lib/api/types";
import { formatDateTime, formatMoney } from "@/lib/format";

/** What the client asked for, and why it stopped if it did: the first thing anyone reads. */
export function AppointmentDescription({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  return (
    <Box data-testid="appointment-description">
      {appointment.description ? (
        <Typography sx={{ whiteSpace: "pre-wrap", overflowWrap: "break-word" }}>{appointment.description}</Typography>
      ) : (
        <Typography color="text.secondary">{t("appointments.noDescription")}</Typography>
      )}
      {appointment.scheduled_for && (
        <Typography variant="body2" sx={{ mt: 1 }}>
          {t("appointments.scheduledFor")}: <strong>{formatDateTime(appointment.scheduled_for)}</strong>
        </Typography>
      )}
      {appointment.decline_reason && appointment.status === "DECLINED_BY_MASTER" && (
        <Alert severity="warning" sx={{ mt: 2 }}>
          {t("appointments.declinedBecause", { reason: appointment.decline_reason })}
        </Alert>
      )}
      {appointment.cancel_reason && appointment.status === "CANCELLED" && (
        <Alert severity="info" sx={{ mt: 2 }}>
          {t("appointments.cancelledBecause", { reason: appointment.cancel_reason })}
        </Alert>
      )}
    </Box>
  );
}

/** Who, how much, since when. */
export function AppointmentFacts({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const rows: [string, ReactNode][] = [
    [t("appointments.client"), appointment.client.display_name],
    [
      t("appointments.master"),
      appointment.master ? (
        <Link component={RouterLink} to={`/masters/${appointment.master.id}`}>
          {appointment.master.display_name}
        </Link>
      ) : (
        t("appointments.noMaster")
      ),
    ],
    [t("appointments.priceLabel"), appointment.price ? formatMoney(appointment.price, appointment.currency) : t("appointments.noPrice")],
    [t("appointments.created"), formatDateTime(appointment.created_at)],
  ];
  return (
    <Box component="dl" sx={{ display: "grid", gridTemplateColumns: "max-content minmax(0, 1fr)", columnGap: 2, rowGap: 0.5, m: 0 }}>
      {rows.map(([label, value]) => (
        <Box key={label} sx={{ display: "contents" }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {label}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: "break-word" }}>
            {value}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
