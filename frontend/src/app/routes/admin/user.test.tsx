import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { makeAppointment, makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";
import "@/app/routes/admin/user";
import "@/app/routes/dashboard";
import "@/app/routes/appointments/queue";

const risk = {
  score: 55,
  level: "medium",
  reasons: [
    { code: "base", label: "Base", points: 20, evidence: null },
    { code: "cancellations", label: "2 cancellations after pricing", points: 30, evidence: { count: 2 } },
    { code: "account_age", label: "New account", points: 5, evidence: null },
  ],
  sample: { count: 6, window_days: 90 },
  model_version: 1,
  computed_at: "2026-03-01T10:00:00Z",
  override: null,
};

describe("scores on screen", () => {
  it("admin user page: score, reasons that add up, and an override that needs a reason", async () => {
    signInAs(makeMe({ id: 9, role: "admin" }));
    const overrides: unknown[] = [];
    let current: object = risk;
    server.use(
      http.get(api("/admin/users/5/risk/"), () => HttpResponse.json(current)),
      http.post(api("/admin/users/5/risk/override/"), async ({ request }) => {
        const body = (await request.json()) as { level: string; reason: string };
        overrides.push(body);
        current = { ...risk, level: body.level, override: { level: body.level, reason: body.reason, by: "root", expires_at: null } };
        return HttpResponse.json(current);
      }),
    );
    renderApp("/admin/users/5?name=Boris&role=client");

    const section = await screen.findByTestId("risk-section");
    expect(within(section).getByTestId("score-value")).toHaveTextContent("55 из 100");
    const points = within(section).getAllByTestId("score-reason").map((r) => r.textContent);
    expect(points).toEqual(["Base+20", "2 cancellations after pricing+30", "New account+5"]);
    expect(within(section).getByTestId("score-sum")).toHaveTextContent("55");

    fireEvent.click(within(section).getByRole("button", { name: "Переопределить уровень" }));
    const dialog = await screen.findByRole("dialog", { name: "Переопределить риск Boris" });
    const save = within(dialog).getByRole("button", { name: "Сохранить" });
    expect(save).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText(/Причина/), { target: { value: "Known to the support team" } });
    fireEvent.click(save);

    await waitFor(() => expect(overrides).toEqual([{ level: "high", reason: "Known to the support team" }]));
    expect(await screen.findByTestId("score-override")).toHaveTextContent("Уровень переопределён: Высокий. Причина: Known to the support team");
    expect(screen.getByRole("button", { name: "Снять переопределение" })).toBeInTheDocument();
  });

  it("master dashboard: the performance card lists what would raise it, worst first", async () => {
    signInAs(makeMe({ id: 3, role: "master" }));
    server.use(
      http.get(api("/dashboard/"), () =>
        HttpResponse.json({
          role: "master",
          new_queue: 2,
          performance: {
            score: 62, level: "fair",
            reasons: [
              { code: "completion", label: "Completion rate 90%", points: 70, evidence: null },
              { code: "declines", label: "3 declines", points: -3, evidence: null },
              { code: "sla", label: "2 missed deadlines", points: -5, evidence: null },
            ],
            sample: { count: 10, window_days: 90 }, model_version: 1, computed_at: null, override: null,
          },
        }),
      ),
    );
    renderApp("/");
    const card = await screen.findByTestId("performance-card");
    expect(within(card).getByTestId("score-value")).toHaveTextContent("62 из 100");
    expect(within(card).getByTestId("level-chip")).toHaveTextContent("Удовлетворительно");
    const items = within(within(card).getByTestId("to-improve")).getAllByRole("listitem").map((li) => li.textContent);
    expect(items).toEqual(["2 missed deadlines (−5)", "3 declines (−3)"]);
  });

  it("the master's queue shows the client's risk level and the SLA countdown on each request", async () => {
    signInAs(makeMe({ id: 3, role: "master" }));
    const due = new Date(Date.now() + 50 * 60_000).toISOString();
    server.use(
      http.get(api("/appointments/new/"), () =>
        HttpResponse.json({
          count: 1, next: null, previous: null,
          results: [{ ...makeAppointment({ id: 11 }), client_risk: { level: "high" }, sla: { stage: "take", due_at: due, remaining_seconds: 3000, state: "on_track" } }],
        }),
      ),
    );
    renderApp("/queue");
    const card = await screen.findByTestId("appointment-card");
    expect(within(card).getByTestId("risk-chip")).toHaveTextContent("Риск: высокий");
    expect(within(card).getByTestId("sla-chip")).toHaveTextContent(/Осталось (49|50) мин/);
  });
});
