import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { makeAppointment, makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";

describe("my requests", () => {
  it("lists requests with status chips and unread badges, and filters by status", async () => {
    signInAs(makeMe());
    const requested: (string | null)[] = [];
    const all = [
      makeAppointment({ id: 1, title: "Paint the fence", status: "AWAITING_PAYMENT", price: "900.00", unread_count: 3 }),
      makeAppointment({ id: 2, title: "Fix the door", status: "COMPLETED" }),
    ];
    server.use(
      http.get(api("/appointments/my/"), ({ request }) => {
        const status = new URL(request.url).searchParams.get("status");
        requested.push(status);
        const results = status ? all.filter((a) => a.status === status) : all;
        return HttpResponse.json({ count: results.length, next: null, previous: null, results });
      }),
    );
    const user = userEvent.setup();
    renderApp("/appointments");

    const cards = await screen.findAllByTestId("appointment-card");
    expect(cards).toHaveLength(2);
    expect(within(cards[0]).getByText("Ожидает оплаты")).toBeInTheDocument();
    expect(within(cards[0]).getByLabelText("3 непрочитанных сообщения")).toBeInTheDocument();
    expect(within(cards[1]).queryByTestId("unread-badge")).not.toBeInTheDocument();
    expect(cards[0]).toHaveAttribute("href", "/appointments/1");

    await user.click(within(screen.getByRole("group", { name: "Фильтр по статусу" })).getByRole("button", { name: "Выполнена" }));
    await waitFor(() => expect(screen.getAllByTestId("appointment-card")).toHaveLength(1));
    expect(screen.getByText(/Fix the door/)).toBeInTheDocument();
    expect(requested).toContain("COMPLETED");
  });

  it("shows a master their active work, and an empty state when there is none", async () => {
    signInAs(makeMe({ id: 2, role: "master" }));
    let scope = "";
    server.use(
      http.get(api("/appointments/:scope/"), ({ params }) => {
        scope = String(params.scope);
        return HttpResponse.json({ count: 0, next: null, previous: null, results: [] });
      }),
    );
    renderApp("/appointments");
    expect(await screen.findByText("Нет работ в процессе")).toBeInTheDocument();
    expect(scope).toBe("active");
  });

  it("opens from the dashboard figure already filtered to what waits for payment", async () => {
    signInAs(makeMe());
    const statuses: (string | null)[] = [];
    server.use(
      http.get(api("/dashboard/"), () => HttpResponse.json({ role: "client", payments_to_make: 1 })),
      http.get(api("/appointments/my/"), ({ request }) => {
        statuses.push(new URL(request.url).searchParams.get("status"));
        return HttpResponse.json({ count: 1, next: null, previous: null, results: [makeAppointment({ status: "AWAITING_PAYMENT", price: "10.00" })] });
      }),
    );
    const user = userEvent.setup();
    renderApp("/");
    await user.click(await screen.findByRole("link", { name: /Нужно оплатить/ }));
    expect(await screen.findByRole("heading", { name: "Мои заявки" })).toBeInTheDocument();
    expect(within(screen.getByRole("group", { name: "Фильтр по статусу" })).getByRole("button", { name: "Ожидает оплаты" })).toHaveAttribute("aria-pressed", "true");
    await waitFor(() => expect(statuses).toEqual(["AWAITING_PAYMENT"]));
  });
});
