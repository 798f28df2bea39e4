/**
 * Every number, amount, size and date the UI shows goes through `Intl` in the interface language,
 * so "2 500,00 ₽" / "RUB 2,500.00", "4,5 МБ" / "4.5 MB" and dates read as people expect.
 */
import i18n from "@/lib/i18n";

export const locale = () => (i18n.language === "en" ? "en-GB" : "ru-RU");

function toDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(value: string | null | undefined): string {
  const date = toDate(value);
  return date ? new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(date) : "—";
}

export function formatDate(value: string | null | undefined): string {
  const date = toDate(value);
  return date ? new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(date) : "—";
}

export function formatTime(value: string | null | undefined): string {
  const date = toDate(value);
  return date ? new Intl.DateTimeFormat(locale(), { hour: "2-digit", minute: "2-digit" }).format(date) : "—";
}

/** Day, month and time only: for dense places like the status stepper. */
export function formatShortDateTime(value: string | null | undefined): string {
  const date = toDate(value);
  return date ? new Intl.DateTimeFormat(locale(), { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(date) : "—";
}

/** The local calendar day of a timestamp, for grouping ("2026-03-01"). */
export function dayKey(value: string): string {
  const date = toDate(value);
  if (!date) return "";
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

/** "Сегодня", "Вчера", else the date ("1 марта 2026 г."). */
export function formatDayLabel(value: string, now: Date = new Date()): string {
  const date = toDate(value);
  if (!date) return "—";
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOf(now) - startOf(date)) / 86_400_000);
  if (days === 0 || days === 1) {
    const text = new Intl.RelativeTimeFormat(locale(), { numeric: "auto" }).format(-days, "day");
    return text.charAt(0).toLocaleUpperCase(locale()) + text.slice(1);
  }
  return new Intl.DateTimeFormat(locale(), { day: "numeric", month: "long", year: date.getFullYear() === now.getFullYear() ? undefined : "numeric" }).format(date);
}

/** How long ago, in words: "5 минут назад" / "5 minutes ago". */
export function formatRelative(value: string | null | undefined, now: number = Date.now()): string {
  const date = toDate(value);
  if (!date) return "—";
  const seconds = Math.round((date.getTime() - now) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [["day", 86_400], ["hour", 3600], ["minute", 60]];
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, "second");
}

/** An interval in words: every 86400 s is "каждый день"-ish "1 день" / "1 day". */
export function formatDuration(seconds: number): string {
  const units: [Intl.NumberFormatOptions["unit"], number][] = [["day", 86_400], ["hour", 3600], ["minute", 60], ["second", 1]];
  for (const [unit, size] of units) {
    if (seconds >= size && seconds % size === 0) {
      return new Intl.NumberFormat(locale(), { style: "unit", unit, unitDisplay: "long" }).format(seconds / size);
    }
  }
  return new Intl.NumberFormat(locale(), { style: "unit", unit: "second", unitDisplay: "long" }).format(seconds);
}

export function formatNumber(value: number | null | undefined, fractionDigits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits }).format(value);
}

/** Totals the API reports without a currency (dashboard earnings) are in the marketplace's one currency, the appointments' default. */
export const MARKET_CURRENCY = "RUB";

/** A money amount; without a currency it is still shown as an amount (two decimals). */
export function formatMoney(amount: string | number | null | undefined, currency?: string | null): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  const value = typeof amount === "number" ? amount : Number(amount);
  if (Number.isNaN(value)) return String(amount);
  try {
    return new Intl.NumberFormat(locale(), {
      style: currency ? "currency" : "decimal",
      currency: currency || undefined,
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(value);
  } catch {
    return `${formatNumber(value, 2)} ${currency ?? ""}`.trim();
  }
}

/** The currency's symbol for labels ("Цена, ₽"); the code when the locale has no symbol. */
export function currencyName(currency: string | null | undefined): string {
  if (!currency) return "";
  try {
    const part = new Intl.NumberFormat(locale(), { style: "currency", currency, currencyDisplay: "narrowSymbol" })
      .formatToParts(0)
      .find((p) => p.type === "currency");
    return part?.value ?? currency;
  } catch {
    return currency;
  }
}

/** A rating average with one decimal in the locale's notation ("4,5"). */
export function formatRating(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  return formatNumber(Number(value), 1);
}

/** Bytes as "200 байт" / "4,5 МБ" / "4.5 MB". */
export function formatBytes(bytes: number): string {
  const units: ["byte" | "kilobyte" | "megabyte" | "gigabyte", number][] = [["gigabyte", 1024 ** 3], ["megabyte", 1024 ** 2], ["kilobyte", 1024], ["byte", 1]];
  const [unit, size] = units.find(([, s]) => bytes >= s) ?? ["byte", 1];
  const value = bytes / size;
  return new Intl.NumberFormat(locale(), {
    style: "unit",
    unit,
    unitDisplay: unit === "byte" ? "long" : "short",
    maximumFractionDigits: value < 10 && unit !== "byte" ? 1 : 0,
  }).format(value);
}

/** 0..100 as "50 %" / "50%". */
export function formatPercent(value: number): string {
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 0 }).format(value / 100);
}

/** A time left or overdue, to the minute: "2 д 3 ч", "1 ч 5 мин", "4 мин" / "1 hr, 5 min". */
export function formatCountdown(seconds: number): string {
  const total = Math.max(0, Math.round(Math.abs(seconds) / 60));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  const parts: [Intl.NumberFormatOptions["unit"], number][] = days
    ? [["day", days], ["hour", hours]]
    : hours
      ? [["hour", hours], ["minute", minutes]]
      : [["minute", minutes]];
  return parts
    .filter(([, value], index) => value > 0 || index === 0)
    .map(([unit, value]) => new Intl.NumberFormat(locale(), { style: "unit", unit, unitDisplay: "short" }).format(value))
    .join(" ");
}
