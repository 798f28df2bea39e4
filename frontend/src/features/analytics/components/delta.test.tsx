import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { MetricKey, MetricSummary } from "@/features/analytics/api/analytics";
import { deltaView } from "@/features/analytics/components/delta";
import { KpiCard } from "@/features/analytics/components/kpi-cards";

const pct = (p: number) => `${p} %`;
const m = (value: number | string | null, previous: number | string | null, delta_pct: number | null): MetricSummary => ({
  value, previous, delta: value === null || previous === null ? null : Number(value) - Number(previous), delta_pct,
});

describe("KPI delta rules", () => {
  it.each<[MetricKey, MetricSummary, string, string, string]>([
    // More is better.
    ["appointments_completed", m(12, 10, 20), "up", "good", "+20 %"],
    ["appointments_completed", m(8, 10, -20), "down", "bad", "−20 %"],
    ["revenue", m("1500.00", "1000.00", 50), "up", "good", "+50 %"],
    // Less is better: cancellations, slower takes, breaches.
    ["appointments_cancelled", m(3, 6, -50), "down", "good", "−50 %"],
    ["appointments_cancelled", m(9, 6, 50), "up", "bad", "+50 %"],
    ["median_minutes_to_take", m(30, 20, 50), "up", "bad", "+50 %"],
    ["sla_breaches", m(1, 4, -75), "down", "good", "−75 %"],
    // No change.
    ["appointments_created", m(5, 5, 0), "flat", "neutral", "0 %"],
  ])("%s %j: %s, %s, %s", (metric, summary, direction, tone, text) => {
    expect(deltaView(metric, summary, pct)).toEqual({ direction, tone, text });
  });

  it.each([
    ["previous 0", m(5, 0, null)],
    ["previous null", m(5, null, null)],
    ["previous 0 even if a pct came", m(5, 0, 100)],
    ["no summary", undefined],
  ])("shows — when there was nothing before (%s)", (_, summary) => {
    expect(deltaView("appointments_created", summary, pct)).toEqual({ direction: null, tone: "neutral", text: "—" });
  });

  it("the card colours a good rise green and a bad rise red, with an arrow and words for screen readers", () => {
    const { unmount } = render(<KpiCard metric="appointments_completed" summary={m(12, 10, 20)} />);
    let delta = screen.getByTestId("kpi-delta");
    expect(delta).toHaveAttribute("data-direction", "up");
    expect(delta).toHaveAttribute("data-tone", "good");
    expect(delta).toHaveTextContent("+20");
    expect(delta).toHaveTextContent("изменение в лучшую сторону");
    expect(screen.getByTestId("kpi-value")).toHaveTextContent("12");
    unmount();

    render(<KpiCard metric="appointments_cancelled" summary={m(9, 6, 50)} />);
    delta = screen.getByTestId("kpi-delta");
    expect(delta).toHaveAttribute("data-tone", "bad");
    expect(delta).toHaveTextContent("изменение в худшую сторону");
  });

  it("the card shows — and says there was no data before", () => {
    render(<KpiCard metric="revenue" summary={m("250.00", "0.00", null)} />);
    const delta = screen.getByTestId("kpi-delta");
    expect(delta).toHaveAttribute("data-direction", "none");
    expect(delta.textContent).toMatch(/^—/);
    expect(delta).toHaveTextContent("в прошлом периоде данных не было");
  });
});
