import type { MetricKey, MetricSummary } from "@/features/analytics/api/analytics";

/** Which way is good for each metric: more revenue is good, more cancellations or slower takes are bad. */
export const LOWER_IS_BETTER: ReadonlySet<MetricKey> = new Set([
  "appointments_cancelled", "appointments_declined", "payments_rejected",
  "median_minutes_to_take", "median_minutes_to_confirm_payment", "sla_breaches",
]);

export type DeltaView = {
  /** null: nothing to compare with (no previous period, or it was zero). */
  direction: "up" | "down" | "flat" | null;
  tone: "good" | "bad" | "neutral";
  /** "+12 %", "−5 %", "0 %", or "—". */
  text: string;
};

const num = (value: unknown) => (value === null || value === undefined || value === "" ? null : Number(value));

/**
 * The KPI card's delta against the previous period (SPEC 10.3): the arrow follows the sign of the
 * change, the colour says whether that is good for this metric, and "—" stands when there was
 * nothing before (previous 0 or null: `delta_pct` is null then), never "+∞ %".
 */
export function deltaView(metric: MetricKey, summary: MetricSummary | undefined, formatPct: (pct: number) => string): DeltaView {
  const none: DeltaView = { direction: null, tone: "neutral", text: "—" };
  if (!summary) return none;
  const previous = num(summary.previous);
  const pct = summary.delta_pct;
  if (previous === null || previous === 0 || pct === null || pct === undefined || Number.isNaN(pct)) return none;
  const value = num(summary.value);
  const delta = num(summary.delta) ?? (value === null ? null : value - previous);
  const sign = delta === null ? Math.sign(pct) : Math.sign(delta);
  if (sign === 0) return { direction: "flat", tone: "neutral", text: formatPct(0) };
  const direction = sign > 0 ? "up" : "down";
  const good = LOWER_IS_BETTER.has(metric) ? direction === "down" : direction === "up";
  const magnitude = formatPct(Math.abs(pct));
  return { direction, tone: good ? "good" : "bad", text: `${sign > 0 ? "+" : "−"}${magnitude}` };
}
