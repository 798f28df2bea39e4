import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";
import "@/app/routes/admin/sla";

const policy = {
  targets: { take: { minutes: 60, warn_before_minutes: 15, business_hours: true }, price: { minutes: 120, warn_before_minutes: 30, business_hours: false } },
  calendar: { weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: "09:00", close: "20:00" })), holidays: ["2026-01-01"] },
  auto_cancel_unpaid_hours: null,
  version: 3,
};

describe("SLA policy editor", () => {
  // A large form: slow to query on a busy machine, so these get more time.
  it("edits minutes, a working day and holidays, and PUTs the SPEC 10.4 shape", { timeout: 180_000 }, async () => {
    signInAs(makeMe({ id: 9, role: "admin" }));
    const saved: unknown[] = [];
    let current: object = policy;
    server.use(
      http.get(api("/admin/sla/policy/"), () => HttpResponse.json(current)),
      http.put(api("/admin/sla/policy/"), async ({ request }) => {
        const body = (await request.json()) as object;
        saved.push(body);
        current = { ...body, version: 4 };
        return HttpResponse.json(current);
      }),
    );
    renderApp("/admin/sla");

    const take = await screen.findByTestId("sla-target-take");
    fireEvent.change(within(take).getByLabelText("Взять заявку: Минут на этап"), { target: { value: "45" } });
    // Saturday becomes a working day, 10:00-16:00.
    const saturday = screen.getByTestId("sla-day-6");
    fireEvent.click(within(saturday).getByLabelText("Суббота: Рабочий день"));
    fireEvent.change(within(saturday).getByLabelText("Суббота: С"), { target: { value: "10:00" } });
    fireEvent.change(within(saturday).getByLabelText("Суббота: До"), { target: { value: "16:00" } });
    fireEvent.click(within(screen.getByTestId("sla-holidays")).getByLabelText(/Удалить/));
    fireEvent.click(screen.getByRole("button", { name: "Сохранить" }));

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toEqual({
      targets: { take: { minutes: 45, warn_before_minutes: 15, business_hours: true }, price: { minutes: 120, warn_before_minutes: 30, business_hours: false } },
      calendar: { weekly: [...[1, 2, 3, 4, 5].map((day) => ({ day, open: "09:00", close: "20:00" })), { day: 6, open: "10:00", close: "16:00" }], holidays: [] },
      auto_cancel_unpaid_hours: null,
    });
    expect(await screen.findByText("Версия политики: 4")).toBeInTheDocument();
  });

  it("shows the problem at the field and sends nothing when the warning is not before the deadline", { timeout: 180_000 }, async () => {
    signInAs(makeMe({ id: 9, role: "admin" }));
    let puts = 0;
    server.use(
      http.get(api("/admin/sla/policy/"), () => HttpResponse.json(policy)),
      http.put(api("/admin/sla/policy/"), () => {
        puts += 1;
        return HttpResponse.json(policy);
      }),
    );
    renderApp("/admin/sla");
    const take = await screen.findByTestId("sla-target-take");
    fireEvent.change(within(take).getByLabelText("Взять заявку: Предупредить за, мин"), { target: { value: "90" } });
    fireEvent.click(screen.getByRole("button", { name: "Сохранить" }));
    expect(await within(take).findByText("Предупреждение должно быть раньше срока")).toBeInTheDocument();
    expect(puts).toBe(0);
  });

  it("lists breaches with an empty state that says what to do", async () => {
    signInAs(makeMe({ id: 9, role: "admin" }));
    server.use(
      http.get(api("/admin/sla/policy/"), () => HttpResponse.json(policy)),
      http.get(api("/admin/sla/breaches/"), () => HttpResponse.json({ count: 0, next: null, previous: null, results: [] })),
    );
    renderApp("/admin/sla");
    fireEvent.click(await screen.findByRole("tab", { name: "Нарушения сроков" }));
    expect(await screen.findByText(/Выберите другой период или этап/)).toBeInTheDocument();
  });
});
