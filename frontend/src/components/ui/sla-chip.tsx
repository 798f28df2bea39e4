import Chip from "@mui/material/Chip";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AppointmentSla } from "@/lib/api/types";
import { formatCountdown, formatDateTime } from "@/lib/format";

/** Seconds left on a clock now: from `due_at` when the clock can be read, else what the server said. */
export function secondsLeft(sla: AppointmentSla, now: number): number {
  const due = Date.parse(sla.due_at);
  return Number.isNaN(due) ? sla.remaining_seconds : Math.round((due - now) / 1000);
}

/** Re-renders every `ms` so a countdown moves without refetching. */
function useNow(ms: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * The deadline of the stage an appointment is in (SPEC 10.4 `sla`): a countdown while on track,
 * amber when the warning lead is reached, red once breached. Nothing when the stage has no clock.
 * The state is the server's; the time shown counts down locally between refreshes.
 */
export function SlaChip({ sla, size = "small" }: { sla: AppointmentSla | null | undefined; size?: "small" | "medium" }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  if (!sla) return null;
  const left = secondsLeft(sla, now);
  const stage = t(`sla.stage.${sla.stage}`, { defaultValue: sla.stage });
  // A clock that ran out between two refreshes is shown as breached at once.
  const state = sla.state === "breached" || left <= 0 ? "breached" : sla.state;
  const time = formatCountdown(left);
  const label = state === "breached" ? t("sla.chip.breached", { time }) : state === "warning" ? t("sla.chip.warning", { time }) : t("sla.chip.onTrack", { time });
  return (
    <Chip
      size={size}
      color={state === "breached" ? "error" : state === "warning" ? "warning" : "default"}
      variant={state === "on_track" ? "outlined" : "filled"}
      label={label}
      title={t("sla.chip.title", { stage, due: formatDateTime(sla.due_at) })}
      aria-label={`${t("sla.chip.aria", { stage })}: ${label}`}
      data-testid="sla-chip"
      data-state={state}
    />
  );
}
