import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { FeatureFlag } from "@/lib/api/types";
import { makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";
// The screens under test, loaded before the tests start: lazy route chunks are slow to load on a busy machine.
import "@/app/routes/admin/flags";

type MutableFlag = { -readonly [K in keyof FeatureFlag]: FeatureFlag[K] };

describe("admin feature flags", () => {
  it("creates a flag for some roles and switches one off", async () => {
    signInAs(makeMe({ id: 9, role: "admin", capabilities: ["admin.access", "flags.manage"] }));
    const flags: MutableFlag[] = [
      { key: "new_chat", description: "Chat v2", enabled: true, rollout_percent: 50, roles: [], allowed_users: [], denied_users: [], created_at: "", updated_at: "" },
    ];
    const writes: unknown[] = [];
    server.use(
      http.get(api("/admin/flags/"), () => HttpResponse.json({ count: flags.length, next: null, previous: null, results: flags })),
      http.post(api("/admin/flags/"), async ({ request }) => {
        const body = (await request.json()) as MutableFlag;
        writes.push(body);
        flags.push({ ...body, allowed_users: [], denied_users: [], created_at: "", updated_at: "" });
        return HttpResponse.json(body, { status: 201 });
      }),
      http.patch(api("/admin/flags/:key/"), async ({ params, request }) => {
        const body = (await request.json()) as Partial<MutableFlag>;
        writes.push({ key: params.key, ...body });
        Object.assign(flags.find((f) => f.key === params.key)!, body);
        return HttpResponse.json(flags.find((f) => f.key === params.key));
      }),
    );
    const user = userEvent.setup();
    renderApp("/admin/flags");

    const row = await screen.findByTestId("flag-row");
    expect(row).toHaveTextContent(/50\s?%/);
    await user.click(within(row).getByRole("switch", { name: "Включён: new_chat" }));
    await waitFor(() => expect(writes).toEqual([{ key: "new_chat", enabled: false }]));

    await user.click(screen.getByRole("button", { name: "Новый флаг" }));
    const dialog = await screen.findByRole("dialog");
    await user.type(within(dialog).getByLabelText(/Ключ/), "masters_v2");
    await user.click(within(dialog).getByLabelText("Мастер"));
    await user.click(within(dialog).getByRole("button", { name: "Сохранить" }));
    await waitFor(() => expect(screen.getAllByTestId("flag-row")).toHaveLength(2));
    expect(writes[1]).toEqual({ key: "masters_v2", description: "", enabled: false, rollout_percent: 100, roles: ["master"] });
  });
});
