import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { NotificationPreferences } from "@/features/notifications/components/notification-preferences";
import type { NotificationPreferences as Prefs } from "@/lib/api/types";
import { makeMe } from "@/testing/data";
import { renderWithProviders, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";

describe("notification preferences", () => {
  it("switches one channel of one type, and keeps critical types and unreachable channels locked", async () => {
    signInAs(makeMe());
    let prefs: Prefs = {
      preferences: {
        new_message: { in_app: true, telegram: true, email: true },
        system: { in_app: true, telegram: true, email: true },
      },
      critical_types: ["system"],
      channels: [
        { channel: "in_app", available: true },
        { channel: "telegram", available: false },
        { channel: "email", available: true },
      ],
    };
    const puts: unknown[] = [];
    server.use(
      http.get(api("/notifications/preferences/"), () => HttpResponse.json(prefs)),
      http.put(api("/notifications/preferences/"), async ({ request }) => {
        const body = (await request.json()) as { preferences: Prefs["preferences"] };
        puts.push(body);
        prefs = { ...prefs, preferences: { ...prefs.preferences, new_message: { ...prefs.preferences.new_message, ...body.preferences.new_message } } };
        return HttpResponse.json(prefs);
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<NotificationPreferences />);

    const email = await screen.findByRole("switch", { name: "Новые сообщения: Эл. почта" });
    expect(screen.getByRole("switch", { name: "Системные: Эл. почта" })).toBeDisabled();
    expect(screen.getByRole("switch", { name: "Новые сообщения: Telegram" })).toBeDisabled();
    await user.click(email);
    await waitFor(() => expect(puts).toEqual([{ preferences: { new_message: { email: false } } }]));
    await waitFor(() => expect(screen.getByRole("switch", { name: "Новые сообщения: Эл. почта" })).not.toBeChecked());
  });
});
