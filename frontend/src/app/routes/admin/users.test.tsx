import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { AdminUser } from "@/lib/api/types";
import { makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";
import { setScreen } from "@/testing/viewport";
// The screens under test, loaded before the tests start: lazy route chunks are slow to load on a busy machine.
import "@/app/routes/admin/users";

type Row = { -readonly [K in keyof AdminUser]: AdminUser[K] };
const row = (id: number, username: string): Row => ({
  id, username, display_name: username, email: "", role: "client", admin_role: null, is_active: true, is_banned: false, banned_at: null,
  ban_reason: "", telegram: null, master_profile: null, language: "ru", date_joined: "2026-01-01T00:00:00Z", last_login: null,
  performance_level: null, risk_level: null,
});

describe("admin users", () => {
  it("bans a user with a reason, and the list shows it", async () => {
    signInAs(makeMe({ id: 9, role: "admin" }));
    const users = [row(1, "anna"), row(2, "boris")];
    const bans: unknown[] = [];
    server.use(
      http.get(api("/admin/users/all/"), () => HttpResponse.json({ count: users.length, next: null, previous: null, results: users })),
      http.post(api("/admin/users/:id/ban/"), async ({ params, request }) => {
        bans.push({ id: Number(params.id), ...((await request.json()) as object) });
        const user = users.find((u) => u.id === Number(params.id))!;
        user.is_banned = true;
        return HttpResponse.json(user);
      }),
    );
    const user = userEvent.setup();
    renderApp("/admin/users");

    const boris = (await screen.findAllByTestId("user-row")).find((r) => r.dataset.username === "boris")!;
    await user.click(within(boris).getByRole("button", { name: "Заблокировать" }));
    const dialog = await screen.findByRole("dialog", { name: "Заблокировать boris" });
    const submit = within(dialog).getByRole("button", { name: "Заблокировать" });
    expect(submit).toBeDisabled();
    await user.type(within(dialog).getByLabelText(/Причина/), "Spam in chats");
    await user.click(submit);

    await waitFor(() => expect(bans).toEqual([{ id: 2, reason: "Spam in chats" }]));
    const updated = (await screen.findAllByTestId("user-row")).find((r) => r.dataset.username === "boris")!;
    await waitFor(() => expect(within(updated).getByText("Заблокирован")).toBeInTheDocument());
    expect(within(updated).getByRole("button", { name: "Разблокировать" })).toBeInTheDocument();
  });

  it("on a 390 px phone lists users as cards with every action on the card, and bans from there", async () => {
    setScreen("phone");
    signInAs(makeMe({ id: 9, role: "admin" }));
    const users = [row(1, "anna"), { ...row(2, "olga.lebedeva.long.address"), email: "olga.lebedeva.long.address@example.com" }];
    const bans: unknown[] = [];
    server.use(
      http.get(api("/admin/users/all/"), () => HttpResponse.json({ count: users.length, next: null, previous: null, results: users })),
      http.post(api("/admin/users/:id/ban/"), async ({ params, request }) => {
        bans.push({ id: Number(params.id), ...((await request.json()) as object) });
        const user = users.find((u) => u.id === Number(params.id))!;
        user.is_banned = true;
        return HttpResponse.json(user);
      }),
    );
    const user = userEvent.setup();
    renderApp("/admin/users");

    // No table to scroll sideways: one card per user, its fields labelled, its buttons inside it.
    const list = await screen.findByRole("list", { name: "Пользователи" });
    expect(list).toHaveAttribute("data-layout", "cards");
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    const olga = within(list).getAllByTestId("user-row").find((r) => r.dataset.username === "olga.lebedeva.long.address")!;
    expect(within(olga).getByText("Роль")).toBeInTheDocument();
    expect(within(olga).getByText("Регистрация")).toBeInTheDocument();
    const actions = within(olga).getByTestId("row-actions");
    expect(within(actions).getAllByRole("button").map((b) => b.textContent)).toEqual(["Заблокировать", "Изменить роль"]);

    await user.click(within(actions).getByRole("button", { name: "Заблокировать" }));
    const dialog = await screen.findByRole("dialog", { name: "Заблокировать olga.lebedeva.long.address" });
    await user.type(within(dialog).getByLabelText(/Причина/), "Spam in chats");
    await user.click(within(dialog).getByRole("button", { name: "Заблокировать" }));

    await waitFor(() => expect(bans).toEqual([{ id: 2, reason: "Spam in chats" }]));
    await waitFor(() => {
      const card = screen.getAllByTestId("user-row").find((r) => r.dataset.username === "olga.lebedeva.long.address")!;
      expect(within(card).getByText("Заблокирован")).toBeInTheDocument();
      expect(within(card).getByRole("button", { name: "Разблокировать" })).toBeInTheDocument();
    });
  });
});
