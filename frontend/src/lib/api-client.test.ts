import { http, HttpResponse, delay } from "msw";
import { describe, expect, it, vi } from "vitest";
import { ApiError, apiRequest, onSessionEnd, refreshAccessToken, tokenStore } from "@/lib/api-client";
import { api, server } from "@/testing/server";

/** /me/ accepts only `valid`; refresh hands out `valid` (and counts how often it was asked). */
function serveTokens({ refreshOk = true, refreshDelay = 20 } = {}) {
  const calls = { refresh: 0, me: [] as (string | null)[] };
  server.use(
    http.post(api("/auth/refresh/"), async () => {
      calls.refresh += 1;
      await delay(refreshDelay);
      return refreshOk
        ? HttpResponse.json({ access: "valid" })
        : HttpResponse.json({ detail: "Token is blacklisted", code: "token_not_valid" }, { status: 401 });
    }),
    http.get(api("/me/"), ({ request }) => {
      const auth = request.headers.get("Authorization");
      calls.me.push(auth);
      if (auth !== "Bearer valid") return HttpResponse.json({ detail: "expired", code: "token_not_valid" }, { status: 401 });
      return HttpResponse.json({ id: 1 });
    }),
  );
  return calls;
}

describe("api client", () => {
  it("sends the access token as a bearer header", async () => {
    const calls = serveTokens();
    tokenStore.set("valid");
    await expect(apiRequest("/me/")).resolves.toEqual({ id: 1 });
    expect(calls.me).toEqual(["Bearer valid"]);
    expect(calls.refresh).toBe(0);
  });

  it("asks for a file (?format=csv) with an Accept header that takes it, and JSON for everything else", async () => {
    const accepted: (string | null)[] = [];
    server.use(
      http.get(api("/admin/analytics/daily/"), ({ request }) => {
        const accept = request.headers.get("Accept");
        accepted.push(accept);
        // What DRF does with ?format=csv: 406 unless the Accept header takes text/csv.
        if (new URL(request.url).searchParams.get("format") === "csv" && !/text\/csv|\*\/\*/.test(accept ?? ""))
          return HttpResponse.json({ code: "not_acceptable" }, { status: 406 });
        return new HttpResponse("date,revenue\n2026-12-01,0\n", { headers: { "Content-Type": "text/csv" } });
      }),
    );
    tokenStore.set("valid");
    const blob = await apiRequest<Blob>("/admin/analytics/daily/", { query: { format: "csv" }, responseType: "blob" });
    expect(await blob.text()).toContain("date,revenue");
    expect(accepted[0]).toMatch(/^text\/csv/);
    serveTokens();
    await apiRequest("/me/");
  });

  it("refreshes once on 401 and retries the request with the new token", async () => {
    const calls = serveTokens();
    tokenStore.set("stale");
    await expect(apiRequest("/me/")).resolves.toEqual({ id: 1 });
    expect(calls.refresh).toBe(1);
    expect(calls.me).toEqual(["Bearer stale", "Bearer valid"]);
    expect(tokenStore.get()).toBe("valid");
  });

  it("shares one refresh between concurrent requests that all got 401", async () => {
    const calls = serveTokens({ refreshDelay: 50 });
    tokenStore.set("stale");
    const results = await Promise.all([apiRequest("/me/"), apiRequest("/me/"), apiRequest("/me/"), apiRequest("/me/")]);
    expect(results).toEqual([{ id: 1 }, { id: 1 }, { id: 1 }, { id: 1 }]);
    expect(calls.refresh).toBe(1);
  });

  it("retries once when another tab spent the refresh token a moment ago (token_reused)", async () => {
    let refreshes = 0;
    server.use(
      http.post(api("/auth/refresh/"), () => {
        refreshes += 1;
        return refreshes === 1
          ? HttpResponse.json({ detail: "reused", code: "token_reused" }, { status: 401 })
          : HttpResponse.json({ access: "valid" });
      }),
    );
    await expect(refreshAccessToken()).resolves.toBe("valid");
    expect(refreshes).toBe(2);
  });

  it("does not retry a refresh refused for any other reason", async () => {
    const calls = serveTokens({ refreshOk: false });
    await expect(refreshAccessToken()).resolves.toBeNull();
    expect(calls.refresh).toBe(1);
  });

  it("ends the session when the refresh fails, and every waiting request fails with session_expired", async () => {
    const calls = serveTokens({ refreshOk: false });
    tokenStore.set("stale");
    const ended = vi.fn();
    const unsubscribe = onSessionEnd(ended);
    const outcomes = await Promise.allSettled([apiRequest("/me/"), apiRequest("/me/")]);
    unsubscribe();
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      const error = (outcome as PromiseRejectedResult).reason as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.code).toBe("session_expired");
    }
    expect(calls.refresh).toBe(1);
    expect(ended).toHaveBeenCalledWith("expired");
    expect(tokenStore.get()).toBeNull();
  });

  it("ends the session when the account is banned", async () => {
    server.use(http.get(api("/me/"), () => HttpResponse.json({ detail: "Banned.", code: "banned" }, { status: 403 })));
    tokenStore.set("valid");
    const ended = vi.fn();
    const unsubscribe = onSessionEnd(ended);
    await expect(apiRequest("/me/")).rejects.toMatchObject({ status: 403, code: "banned" });
    unsubscribe();
    expect(ended).toHaveBeenCalledWith("banned");
    expect(tokenStore.get()).toBeNull();
  });

  it("does not refresh for public endpoints", async () => {
    const calls = serveTokens();
    server.use(
      http.post(api("/auth/login/"), () => HttpResponse.json({ detail: "Wrong.", code: "invalid_credentials" }, { status: 401 })),
    );
    await expect(apiRequest("/auth/login/", { method: "POST", json: {}, auth: false })).rejects.toMatchObject({
      status: 401,
      code: "invalid_credentials",
    });
    expect(calls.refresh).toBe(0);
  });

  it("keeps the error contract: code, detail and field errors", async () => {
    server.use(
      http.post(api("/appointments/"), () =>
        HttpResponse.json({ detail: "title: This field is required.", code: "required", errors: { title: ["This field is required."] } }, { status: 400 }),
      ),
    );
    tokenStore.set("valid");
    const error = (await apiRequest("/appointments/", { method: "POST", json: {} }).catch((e) => e)) as ApiError;
    expect(error.status).toBe(400);
    expect(error.code).toBe("required");
    expect(error.fieldErrors).toEqual({ title: ["This field is required."] });
  });

  it("reports a network failure as network_error", async () => {
    server.use(http.get(api("/me/"), () => HttpResponse.error()));
    tokenStore.set("valid");
    await expect(apiRequest("/me/")).rejects.toMatchObject({ status: 0, code: "network_error" });
  });

  it("never writes the token to web storage", async () => {
    serveTokens();
    await refreshAccessToken();
    expect(tokenStore.get()).toBe("valid");
    const stored = [...Object.values(window.localStorage), ...Object.values(window.sessionStorage)].join(" ");
    expect(stored).not.toContain("valid");
    expect(document.cookie).not.toContain("valid");
  });

  it("uploads multipart with progress and the same refresh-on-401", async () => {
    let seenAuth: string[] = [];
    server.use(
      http.post(api("/auth/refresh/"), () => HttpResponse.json({ access: "valid" })),
      http.post(api("/appointments/7/upload-payment-proof/"), async ({ request }) => {
        seenAuth = [...seenAuth, request.headers.get("Authorization") ?? ""];
        if (request.headers.get("Authorization") !== "Bearer valid") return HttpResponse.json({ code: "token_not_valid" }, { status: 401 });
        const form = await request.formData();
        const file = form.get("file") as File;
        return HttpResponse.json({ id: 7, hasFile: file !== null, multipart: (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data") });
      }),
    );
    tokenStore.set("stale");
    const progress: number[] = [];
    const form = new FormData();
    form.append("file", new File(["proof"], "proof.png", { type: "image/png" }));
    const result = await apiRequest("/appointments/7/upload-payment-proof/", { method: "POST", form, onUploadProgress: (f) => progress.push(f) });
    expect(result).toEqual({ id: 7, hasFile: true, multipart: true });
    expect(seenAuth).toEqual(["Bearer stale", "Bearer valid"]);
    expect(progress.at(-1)).toBe(1);
  });
});
