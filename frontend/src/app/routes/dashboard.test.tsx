import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";
// The screens under test, loaded before the tests start: lazy route chunks are slow to load on a busy machine.
import "@/app/routes/dashboard";

const none = { NEW: 0, IN_REVIEW: 0, COMPLETED: 0 };

describe("first steps on an empty home screen", () => {
  it("walks the owner through opening registration, sharing the link, activating masters and payment details", async () => {
    signInAs(makeMe({ id: 9, username: "root", display_name: "", role: "admin" }));
    server.use(
      http.get(api("/dashboard/"), () => HttpResponse.json({ role: "admin", appointments_by_status: none, users_by_role: { client: 0, master: 1, admin: 1 }, masters_pending: 1 })),
      http.get(api("/admin/system/settings/"), () => HttpResponse.json({ site_name: "Test Market", support_contact: "", payment_instructions: "", registration_open: true, max_upload_mb: 10, telegram_bot_username: "", updated_at: "2026-01-01T00:00:00Z" })),
    );
    renderApp("/");
    const guide = await screen.findByTestId("getting-started");
    const step = (key: string) => guide.querySelector(`[data-step="${key}"]`) as HTMLElement;
    expect(step("registration")).toHaveAttribute("data-done", "true");
    expect(within(step("registration")).getByText(/готово/)).toBeInTheDocument();
    expect(step("share")).toHaveAttribute("data-done", "true");
    expect(step("masters")).toHaveAttribute("data-done", "false");
    expect(within(step("masters")).getByText("1 мастер ждёт проверки.")).toBeInTheDocument();
    expect(within(step("masters")).getByRole("link", { name: "Открыть мастеров" })).toHaveAttribute("href", "/admin/masters");
    expect(await within(step("payment")).findByRole("link", { name: "Открыть настройки" })).toHaveAttribute("href", "/admin/settings");
  });

  it("is gone once the marketplace has its first request", async () => {
    signInAs(makeMe({ id: 9, role: "admin" }));
    server.use(http.get(api("/dashboard/"), () => HttpResponse.json({ role: "admin", appointments_by_status: { ...none, NEW: 1 } })));
    renderApp("/");
    expect(await screen.findByText("Заявки по статусам")).toBeInTheDocument();
    expect(screen.queryByTestId("getting-started")).not.toBeInTheDocument();
  });

  it("tells a new master what to do first and a new client how to start", async () => {
    signInAs(makeMe({ id: 2, role: "master" }));
    server.use(http.get(api("/dashboard/"), () => HttpResponse.json({ role: "master", appointments_by_status: none })));
    const { unmount } = renderApp("/");
    const guide = await screen.findByTestId("getting-started");
    expect(within(guide).getByText("Добавьте реквизиты для оплаты")).toBeInTheDocument();
    expect(within(guide).getByText("Расскажите о себе")).toBeInTheDocument();
    expect(within(guide).getByRole("link", { name: "Новые заявки" })).toHaveAttribute("href", "/queue");
    unmount();

    signInAs(makeMe());
    server.use(http.get(api("/dashboard/"), () => HttpResponse.json({ role: "client", appointments_by_status: none })));
    renderApp("/");
    expect(await screen.findByText("Здесь появятся ваши заявки")).toBeInTheDocument();
  });
});
