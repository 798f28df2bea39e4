import Box from "@mui/material/Box";
import List from "@mui/material/List";
import ListItem from "@mui/material/ListItem";
import ListItemText from "@mui/material/ListItemText";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useAppointmentEvents } from "@/features/appointments/api/get-appointment";
import type { AppointmentEvent } from "@/lib/api/types";
import { formatDateTime, formatMoney } from "@/lib/format";

function details(event: AppointmentEvent, t: (key: string, options?: Record<string, unknown>) => string): string | null {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (event.from_status && event.to_status && event.from_status !== event.to_status) {
    parts.push(`${t(`status.${event.from_status}`)} → ${t(`status.${event.to_status}`)}`);
  }
  if (typeof data.price === "string" || typeof data.price === "number") parts.push(formatMoney(data.price as string, data.currency as string | undefined));
  if (typeof data.reason === "string" && data.reason) parts.push(`${t("common.reason")}: ${data.reason}`);
  if (typeof data.rating === "number") parts.push("★".repeat(data.rating));
  return parts.length ? parts.join(" · ") : null;
}

export function AppointmentTimeline({ appointmentId }: { appointmentId: number }) {
  const { t } = useTranslation();
  const events = useAppointmentEvents(appointmentId);
  if (events.isPending) return <LoadingState />;
  if (events.isError) return <ErrorState error={events.error} onRetry={() => void events.refetch()} />;
  if (!events.data.length) return <EmptyState title={t("timeline.empty")} />;
  return (
    <List dense aria-label={t("timeline.title")} data-testid="timeline">
      {events.data.map((event) => (
        <ListItem key={event.id} alignItems="flex-start" sx={{ pl: 0 }}>
          <Box sx={{ width: 10, height: 10, borderRadius: "50%", bgcolor: "primary.main", mt: 1, mr: 1.5, flexShrink: 0 }} aria-hidden />
          <ListItemText
            primary={t(`timeline.${event.type}`, { defaultValue: event.type.replace(/_/g, " ") })}
            secondary={
              <>
                <Typography component="span" variant="caption" sx={{ display: "block" }}>
                  {formatDateTime(event.created_at)}
                  {event.actor ? ` · ${event.actor.display_name}` : ""}
                </Typography>
                {details(event, t) && (
                  <Typography component="span" variant="body2" sx={{ display: "block", overflowWrap: "break-word" }}>
                    {details(event, t)}
                  </Typography>
                )}
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
