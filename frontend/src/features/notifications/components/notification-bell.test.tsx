import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { Notification } from "@/lib/api/types";
import { makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";

const note = (id: number, read = false): Notification => ({
  id,
  type: "appointment_update",
  title: `Request #7 was taken`,
  body: "Ivan took your request",
  data: { appointment_id: 7 },
  subject_type: "appointments.appointment",
  subject_id: "7",
  is_read: read,
  read_at: null,
  critical: false,
  created_at: "2026-03-01T10:00:00Z",
  bumped_at: "2026-03-01T10:00:00Z",
});

describe("notification bell", () => {
  it("shows the unread count, lists unread notifications and marks them all read", async () => {
    signInAs(makeMe());
    let unread = [note(1), note(2)];
    server.use(
      http.get(api("/notifications/unread-count/"), () => HttpResponse.json({ count: unread.length })),
      http.get(api("/notifications/"), ({ request }) => {
        const onlyUnread = new URL(request.url).searchParams.get("unread") === "true";
        const results = onlyUnread ? unread : [...unread, note(3, true)];
        return HttpResponse.json({ count: results.length, next: null, previous: null, results });
      }),
      http.post(api("/notifications/read-all/"), () => {
        const updated = unread.length;
        unread = [];
        return HttpResponse.json({ updated });
      }),
    );
    const user = userEvent.setup();
    renderApp("/");

    const bell = await screen.findByRole("button", { name: "Уведомления: 2 непрочитанных" });
    await user.click(bell);
    const popup = await screen.findByRole("dialog", { name: "Уведомления" });
    expect(await within(popup).findAllByTestId("notification")).toHaveLength(2);
    await user.click(within(popup).getByRole("button", { name: "Прочитать все" }));
    expect(await within(popup).findByText("Ничего нового")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("notification-bell")).toHaveAccessibleName("Уведомления: 0 непрочитанных"));
  });
});
