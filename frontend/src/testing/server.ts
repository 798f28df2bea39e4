import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";

export const api = (path: string) => `*/api/v1${path}`;

/** Defaults for every test: an open site, no session cookie, nothing to bootstrap. */
export const defaultHandlers = [
  http.get(api("/site/"), () =>
    HttpResponse.json({ site_name: "Test Market", support_contact: "", registration_open: true, telegram_bot_username: "", max_upload_mb: 10 }),
  ),
  http.get(api("/auth/bootstrap-status/"), () => HttpResponse.json({ needs_bootstrap: false })),
  http.post(api("/auth/refresh/"), () => HttpResponse.json({ detail: "No refresh token.", code: "refresh_missing" }, { status: 401 })),
  http.post(api("/auth/logout/"), () => new HttpResponse(null, { status: 204 })),
  http.get(api("/dashboard/"), () => HttpResponse.json({ role: "client" })),
  http.get(api("/flags/"), () => HttpResponse.json({})),
  http.get(api("/notifications/unread-count/"), () => HttpResponse.json({ count: 0 })),
  http.get(api("/notifications/"), () => HttpResponse.json({ count: 0, next: null, previous: null, results: [] })),
];

export const server = setupServer(...defaultHandlers);
