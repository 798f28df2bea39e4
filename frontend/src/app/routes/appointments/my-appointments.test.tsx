import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { makeAppointment, makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";
// The screens under test, loaded before the tests start: lazy route chunks are slow to load on a busy machine.
import "@/app/routes/appointments/my-appointments";
import "@/app/routes/dashboard";

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

  it("shows a master all their work under «Все», finished included, and each status chip narrows it", async () => {
    signInAs(makeMe({ id: 2, role: "master" }));
    const requests: { scope: string; status: string | null }[] = [];
    const work = [
      makeAppointment({ id: 3, title: "Tile the bathroom", status: "IN_PROGRESS" }),
      makeAppointment({ id: 2, title: "Hang the shelf", status: "COMPLETED" }),
      makeAppointment({ id: 1, title: "Fix the sink", status: "CANCELLED" }),
    ];
    server.use(
      http.get(api("/appointments/:scope/"), ({ params, request }) => {
        const status = new URL(request.url).searchParams.get("status");
        requests.push({ scope: String(params.scope), status });
        // The backend's `my/` is everything assigned; `active/` would leave the finished work out.
        const source = params.scope === "my" ? work : work.filter((a) => a.status === "IN_PROGRESS");
        const results = status ? source.filter((a) => a.status === status) : source;
        return HttpResponse.json({ count: results.length, next: null, previous: null, results });
      }),
    );
    const user = userEvent.setup();
    renderApp("/appointments");

    expect(await screen.findByRole("heading", { name: "Мои работы" })).toBeInTheDocument();
    const filter = screen.getByRole("group", { name: "Фильтр по статусу" });
    expect(within(filter).getByRole("button", { name: "Все" })).toHaveAttribute("aria-pressed", "true");
    await waitFor(() => expect(screen.getAllByTestId("appointment-card")).toHaveLength(3));
    expect(screen.getByText(/Hang the shelf/)).toBeInTheDocument();
    expect(screen.getByText(/Fix the sink/)).toBeInTheDocument();

    for (const [chip, status, title] of [
      ["Выполнена", "COMPLETED", /Hang the shelf/],
      ["Отменена", "CANCELLED", /Fix the sink/],
      ["В работе", "IN_PROGRESS", /Tile the bathroom/],
    ] as const) {
      await user.click(within(filter).getByRole("button", { name: chip }));
      await waitFor(() => expect(screen.getAllByTestId("appointment-card")).toHaveLength(1));
      expect(screen.getByText(title)).toBeInTheDocument();
      expect(requests.at(-1)).toEqual({ scope: "my", status });
    }
    await user.click(within(filter).getByRole("button", { name: "Отклонена мастером" }));
    expect(await screen.findByText("Ничего не найдено")).toBeInTheDocument();
    expect(requests.every((r) => r.scope === "my")).toBe(true);
  });

  it("tells a master with no work yet where to find some", async () => {
    signInAs(makeMe({ id: 2, role: "master" }));
    server.use(http.get(api("/appointments/my/"), () => HttpResponse.json({ count: 0, next: null, previous: null, results: [] })));
    renderApp("/appointments");
    expect(await screen.findByText(/У вас пока нет работ/)).toBeInTheDocument();
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
