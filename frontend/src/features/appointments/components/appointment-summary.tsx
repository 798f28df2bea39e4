import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Link from "@mui/material/Link";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import { Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import type { Appointment } from "@/lib/api/types";
import { formatDateTime, formatMoney } from "@/lib/format";

export function AppointmentSummary({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const rows: [string, ReactNode][] = [
    [t("appointments.client"), appointment.client.display_name],
    [t("appointments.master"), appointment.master ? <Link component={RouterLink} to={`/masters/${appointment.master.id}`}>{appointment.master.display_name}</Link> : t("appointments.noMaster")],
    [t("appointments.priceLabel"), formatMoney(appointment.price, appointment.currency)],
    [t("appointments.created"), formatDateTime(appointment.created_at)],
  ];
  if (appointment.scheduled_for) rows.push([t("appointments.scheduledFor"), formatDateTime(appointment.scheduled_for)]);

  return (
    <Box>
      {appointment.description && (
        <Typography sx={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", mb: 2 }}>{appointment.description}</Typography>
      )}
      <Box component="dl" sx={{ display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: 2, rowGap: 0.5, m: 0 }}>
        {rows.map(([label, value]) => (
          <Box key={label} sx={{ display: "contents" }}>
            <Typography component="dt" variant="body2" color="text.secondary">
              {label}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: "anywhere" }}>
              {value}
            </Typography>
          </Box>
        ))}
      </Box>
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
