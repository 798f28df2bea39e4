import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { presetRange } from "@/lib/date-range";
import { makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";
import { setScreen } from "@/testing/viewport";
import "@/app/routes/admin/analytics";

// jsdom has no layout to draw SVG charts into; the lazily loaded charts module is stood in for,
// so this test checks what the screen passes to it (the e2e run draws the real charts).
vi.mock("@/features/analytics/components/daily-charts", () => ({
  DailyCharts: ({ days }: { days: { date: string }[] }) => <div data-testid="daily-charts">{days.map((d) => d.date).join(",")}</div>,
}));

const summary = (from: string, to: string) => ({
  range: { from, to, tz: "Europe/Moscow" },
  previous_range: { from: "2026-01-01", to: "2026-01-30" },
  metrics: {
    appointments_created: { value: 12, previous: 10, delta: 2, delta_pct: 20 },
    appointments_cancelled: { value: 3, previous: 1, delta: 2, delta_pct: 200 },
    revenue: { value: "5000.00", previous: "0.00", delta: "5000.00", delta_pct: null },
  },
  freshness: { rolled_up_through: "2026-03-01", live_from: "2026-03-02" },
});

describe("analytics", () => {
  it("shows KPI cards with deltas, the daily charts, the funnel and the masters for the range; presets change the range", async () => {
    setScreen("phone");
    signInAs(makeMe({ id: 9, role: "admin", capabilities: ["admin.access", "analytics.view"] }));
    const seen: string[] = [];
    server.use(
      http.get(api("/admin/analytics/summary/"), ({ request }) => {
        const url = new URL(request.url);
        seen.push(`${url.searchParams.get("from")}..${url.searchParams.get("to")}`);
        return HttpResponse.json(summary(url.searchParams.get("from")!, url.searchParams.get("to")!));
      }),
      http.get(api("/admin/analytics/daily/"), () => HttpResponse.json({ tz: "Europe/Moscow", days: [{ date: "2026-03-01", appointments_created: 5 }, { date: "2026-03-02", appointments_created: 7 }] })),
      http.get(api("/admin/analytics/funnel/"), () =>
        HttpResponse.json({
          steps: [
            { step: "created", count: 10, conversion: 1, median_minutes: null },
            { step: "taken", count: 8, conversion: 0.8, median_minutes: 12.5 },
          ],
          drop_offs: { declined: { NEW: 1 }, cancelled: { IN_REVIEW: 1 } },
        }),
      ),
      http.get(api("/admin/analytics/masters/"), () =>
        HttpResponse.json({ count: 1, next: null, previous: null, results: [{ master: "Ivan", master_id: 3, completed: 4, revenue: "4000.00", median_minutes_to_take: 10, rating: 4.8, sla_breaches: 1, performance_level: "good" }] }),
      ),
    );
    renderApp("/admin/analytics");

    const cards = await screen.findAllByTestId("kpi-card");
    expect(cards.map((c) => c.dataset.metric)).toEqual(["appointments_created", "appointments_cancelled", "revenue"]);
    const tones = cards.map((c) => within(c).getByTestId("kpi-delta").dataset.tone);
    expect(tones).toEqual(["good", "bad", "neutral"]);
    expect(within(cards[2]).getByTestId("kpi-delta").textContent).toMatch(/^—/);
    expect(await screen.findByTestId("daily-charts")).toHaveTextContent("2026-03-01,2026-03-02");
    const funnel = screen.getByTestId("funnel");
    expect(within(funnel).getAllByTestId("funnel-step").map((s) => s.dataset.step)).toEqual(["created", "taken"]);
    expect(within(funnel).getByTestId("drop-offs")).toHaveTextContent("Отклонены · Новая: 1");
    expect(await screen.findByText("Ivan")).toBeInTheDocument();

    const d30 = presetRange("d30");
    expect(seen[0]).toBe(`${d30.from}..${d30.to}`);
    fireEvent.click(screen.getByRole("button", { name: "7 дней" }));
    const d7 = presetRange("d7");
    await waitFor(() => expect(seen).toContain(`${d7.from}..${d7.to}`));
    expect(screen.getByLabelText("С")).toHaveValue(d7.from);
  });

  it("downloads the range on screen as CSV", async () => {
    signInAs(makeMe({ id: 9, role: "admin", capabilities: ["admin.access", "analytics.view"] }));
    const csv: string[] = [];
    server.use(
      http.get(api("/admin/analytics/summary/"), ({ request }) => HttpResponse.json(summary(new URL(request.url).searchParams.get("from")!, "x"))),
      http.get(api("/admin/analytics/daily/"), ({ request }) => {
        const url = new URL(request.url);
        if (url.searchParams.get("format") === "csv") {
          csv.push(url.search);
          return new HttpResponse("date,appointments_created\n", { headers: { "Content-Type": "text/csv" } });
        }
        return HttpResponse.json({ tz: "Europe/Moscow", days: [] });
      }),
      http.get(api("/admin/analytics/funnel/"), () => HttpResponse.json({ steps: [] })),
      http.get(api("/admin/analytics/masters/"), () => HttpResponse.json({ count: 0, next: null, previous: null, results: [] })),
    );
    renderApp("/admin/analytics");
    expect(await screen.findByText(/За этот период данных нет/)).toBeInTheDocument();
    expect(await screen.findByText(/За этот период мастера не выполняли заявок/)).toBeInTheDocument();
    fireEvent.click(screen.getAllByRole("button", { name: "Скачать CSV" })[0]);
    await waitFor(() => expect(csv).toHaveLength(1));
    const d30 = presetRange("d30");
    expect(csv[0]).toContain(`from=${d30.from}`);
    expect(csv[0]).toContain(`to=${d30.to}`);
    expect(csv[0]).toContain("format=csv");
  });
});
