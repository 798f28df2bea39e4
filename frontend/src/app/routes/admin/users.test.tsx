import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { AdminUser } from "@/lib/api/types";
import { makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";

type Row = { -readonly [K in keyof AdminUser]: AdminUser[K] };
const row = (id: number, username: string): Row => ({
  id, username, display_name: username, email: "", role: "client", admin_role: null, is_active: true, is_banned: false, banned_at: null,
  ban_reason: "", telegram: null, master_profile: null, language: "ru", date_joined: "2026-01-01T00:00:00Z", last_login: null,
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
});
