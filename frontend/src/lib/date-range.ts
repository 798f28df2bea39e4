/** Date ranges as the analytics and SLA endpoints take them: inclusive `YYYY-MM-DD` days. */
export type DateRange = { from: string; to: string };
export const RANGE_PRESETS = ["d7", "d30", "d90", "month"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

const pad = (n: number) => String(n).padStart(2, "0");
export const isoDay = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** The range a preset means today: the last 7/30/90 days including today, or this month so far. */
export function presetRange(preset: RangePreset, today: Date = new Date()): DateRange {
  const to = isoDay(today);
  if (preset === "month") return { from: isoDay(new Date(today.getFullYear(), today.getMonth(), 1)), to };
  const days = { d7: 7, d30: 30, d90: 90 }[preset];
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1));
  return { from: isoDay(start), to };
}

/** Which preset (if any) a range is, so the picker can show it selected. */
export function presetOf(range: DateRange, today: Date = new Date()): RangePreset | null {
  return RANGE_PRESETS.find((p) => {
    const r = presetRange(p, today);
    return r.from === range.from && r.to === range.to;
  }) ?? null;
}

export const isValidRange = (range: DateRange) => /^\d{4}-\d{2}-\d{2}$/.test(range.from) && /^\d{4}-\d{2}-\d{2}$/.test(range.to) && range.from <= range.to;
