import { afterEach, describe, expect, it } from "vitest";
import { currencyName, formatBytes, formatDayLabel, formatDuration, formatMoney, formatPercent, formatRating, formatRelative } from "@/lib/format";
import i18n from "@/lib/i18n";

// Intl separates groups and units with (narrow) no-break spaces; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("numbers and dates in the interface language", () => {
  afterEach(() => i18n.changeLanguage("ru"));

  it("writes money with its currency sign and two decimals", async () => {
    expect(plain(formatMoney("2500", "RUB"))).toBe("2 500,00 ₽");
    expect(plain(formatMoney(null, "RUB"))).toBe("—");
    expect(currencyName("RUB")).toBe("₽");
    await i18n.changeLanguage("en");
    expect(plain(formatMoney("2500", "RUB"))).toBe("₽2,500.00");
  });

  it("writes sizes, ratings, percentages and intervals in words", async () => {
    expect(plain(formatBytes(200))).toBe("200 байт");
    expect(plain(formatBytes(4.5 * 1024 * 1024))).toBe("4,5 МБ");
    expect(formatRating(5)).toBe("5,0");
    expect(formatRating("4.25")).toBe("4,3");
    expect(plain(formatPercent(50))).toBe("50 %");
    expect(formatDuration(86_400)).toBe("1 день");
    expect(formatDuration(600)).toBe("10 минут");
    await i18n.changeLanguage("en");
    expect(plain(formatBytes(200))).toBe("200 bytes");
    expect(formatRating(5)).toBe("5.0");
  });

  it("names days and how long ago", () => {
    const now = new Date(2026, 2, 10, 15, 0);
    expect(formatDayLabel(new Date(2026, 2, 10, 9, 0).toISOString(), now)).toBe("Сегодня");
    expect(formatDayLabel(new Date(2026, 2, 9, 23, 0).toISOString(), now)).toBe("Вчера");
    expect(formatDayLabel(new Date(2026, 2, 1, 12, 0).toISOString(), now)).toBe("1 марта");
    expect(formatDayLabel(new Date(2025, 11, 31, 12, 0).toISOString(), now)).toBe("31 декабря 2025 г.");
    expect(formatRelative(new Date(now.getTime() - 5 * 60_000).toISOString(), now.getTime())).toBe("5 минут назад");
  });
});
