import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { Appointment } from "@/lib/api/types";
import { makeAppointment, makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";
// The screens under test, loaded before the tests start: lazy route chunks are slow to load on a busy machine.
import "@/app/routes/admin/appointments";

describe("admin appointments", () => {
  it("filters by status and sets a status with a required reason", async () => {
    signInAs(makeMe({ id: 9, role: "admin" }));
    let items: Appointment[] = [makeAppointment({ id: 3, title: "Stuck request", status: "IN_PROGRESS" })];
    const queries: string[] = [];
    const posted: unknown[] = [];
    server.use(
      http.get(api("/admin/appointments/"), ({ request }) => {
        queries.push(new URL(request.url).search);
        return HttpResponse.json({ count: items.length, next: null, previous: null, results: items });
      }),
      http.post(api("/admin/appointments/3/set-status/"), async ({ request }) => {
        const body = (await request.json()) as { status: Appointment["status"]; reason: string };
        posted.push(body);
        items = [{ ...items[0], status: body.status }];
        return HttpResponse.json(items[0]);
      }),
    );
    const user = userEvent.setup();
    renderApp("/admin/appointments");

    const row = await screen.findByTestId("admin-appointment-row");
    await user.click(within(screen.getByRole("group", { name: "Фильтр по статусу" })).getByRole("button", { name: "В работе" }));
    await waitFor(() => expect(queries.some((q) => q.includes("status=IN_PROGRESS"))).toBe(true));

    await user.click(within(row).getByRole("button", { name: "Изменить статус" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByRole("combobox", { name: "Новый статус" }));
    await user.click(await screen.findByRole("option", { name: "Выполнена" }));
    const save = within(dialog).getByRole("button", { name: "Сохранить" });
    expect(save).toBeDisabled();
    await user.type(within(dialog).getByLabelText(/Причина/), "Client confirmed by phone");
    await user.click(save);

    await waitFor(() => expect(posted).toEqual([{ status: "COMPLETED", reason: "Client confirmed by phone" }]));
    expect(await within(await screen.findByTestId("admin-appointment-row")).findByText("Выполнена")).toBeInTheDocument();
  });

  it("filters by deadline: breached and warning go to the API as ?sla=, and back to all", async () => {
    signInAs(makeMe({ id: 9, role: "admin" }));
    const queries: string[] = [];
    server.use(
      http.get(api("/admin/appointments/"), ({ request }) => {
        const search = new URL(request.url).searchParams;
        queries.push(search.get("sla") ?? "");
        const items = search.get("sla") === "breached" ? [] : [makeAppointment({ id: 4, title: "Late request" })];
        return HttpResponse.json({ count: items.length, next: null, previous: null, results: items });
      }),
    );
    const user = userEvent.setup();
    renderApp("/admin/appointments");
    await screen.findByTestId("admin-appointment-row");
    const filter = screen.getByRole("group", { name: "Фильтр по срокам" });
    expect(within(filter).getByRole("button", { name: "Любые сроки" })).toHaveAttribute("aria-pressed", "true");

    await user.click(within(filter).getByRole("button", { name: "Срок нарушен" }));
    await waitFor(() => expect(queries).toContain("breached"));
    expect(await screen.findByText("Заявок с нарушенным сроком нет — все этапы идут в срок.")).toBeInTheDocument();
    expect(within(filter).getByRole("button", { name: "Срок нарушен" })).toHaveAttribute("aria-pressed", "true");

    await user.click(within(filter).getByRole("button", { name: "Скоро срок" }));
    await waitFor(() => expect(queries).toContain("warning"));
    await user.click(within(filter).getByRole("button", { name: "Любые сроки" }));
    // Back to the unfiltered list (served from the cache of the first answer).
    expect(await screen.findByTestId("admin-appointment-row")).toBeInTheDocument();
    expect(within(filter).getByRole("button", { name: "Любые сроки" })).toHaveAttribute("aria-pressed", "true");
    expect(queries[0]).toBe("");
  });
});
