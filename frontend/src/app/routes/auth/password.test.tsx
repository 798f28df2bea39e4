import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";
// The screens under test, loaded before the tests start: lazy route chunks are slow to load on a busy machine.
import "@/app/routes/auth/login";
import "@/app/routes/auth/forgot-password";
import "@/app/routes/auth/reset-password";
import "@/app/routes/profile";

const site = (extra: Record<string, unknown> = {}) =>
  http.get(api("/site/"), () =>
    HttpResponse.json({ site_name: "Test Market", support_contact: "+7 900 000-00-00", registration_open: true, telegram_bot_username: "", max_upload_mb: 10, ...extra }),
  );

describe("forgotten password", () => {
  it("is one link away from sign-in and always answers «check your email»", async () => {
    const sent: unknown[] = [];
    server.use(
      http.post(api("/auth/password-reset/"), async ({ request }) => {
        sent.push(await request.json());
        return new HttpResponse(null, { status: 202 });
      }),
    );
    const user = userEvent.setup();
    renderApp("/login");
    await user.click(await screen.findByRole("link", { name: "Забыли пароль?" }));
    expect(await screen.findByRole("heading", { name: "Восстановление пароля" })).toBeInTheDocument();
    const send = screen.getByRole("button", { name: "Прислать ссылку" });
    await user.type(screen.getByLabelText(/Эл. почта/), "anna@example");
    expect(send).toBeDisabled();
    await user.type(screen.getByLabelText(/Эл. почта/), ".com");
    await user.click(send);
    expect(await screen.findByTestId("reset-sent")).toHaveTextContent("anna@example.com");
    expect(sent).toEqual([{ email: "anna@example.com" }]);
  });

  it("says to contact support when the site cannot send email", async () => {
    server.use(site({ password_reset_enabled: false }));
    renderApp("/forgot-password");
    expect(await screen.findByTestId("reset-unavailable")).toHaveTextContent("Обратитесь в поддержку: +7 900 000-00-00");
    expect(screen.queryByRole("button", { name: "Прислать ссылку" })).not.toBeInTheDocument();
  });
});

describe("the reset link", () => {
  it("sets a new password from the link's uid and token, showing the validators' words", async () => {
    const sent: unknown[] = [];
    server.use(
      http.post(api("/auth/password-reset/confirm/"), async ({ request }) => {
        const body = (await request.json()) as { new_password: string };
        sent.push(body);
        if (body.new_password === "12345678")
          return HttpResponse.json({ detail: "Invalid input.", code: "invalid", errors: { new_password: ["Пароль состоит только из цифр."] } }, { status: 400 });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderApp("/reset-password?uid=MQ&token=abc-123");
    await user.type(await screen.findByLabelText(/^Новый пароль/), "12345678");
    await user.type(screen.getByLabelText(/Повторите пароль/), "12345678");
    await user.click(screen.getByRole("button", { name: "Сохранить пароль" }));
    expect(await screen.findByText("Пароль состоит только из цифр.")).toBeInTheDocument();

    await user.clear(screen.getByLabelText(/^Новый пароль/));
    await user.clear(screen.getByLabelText(/Повторите пароль/));
    await user.type(screen.getByLabelText(/^Новый пароль/), "Str0ng-pass-phrase");
    await user.type(screen.getByLabelText(/Повторите пароль/), "Str0ng-pass-phrase");
    await user.click(screen.getByRole("button", { name: "Сохранить пароль" }));
    expect(await screen.findByTestId("reset-done")).toBeInTheDocument();
    expect(sent.at(-1)).toEqual({ uid: "MQ", token: "abc-123", new_password: "Str0ng-pass-phrase" });
    expect(screen.getByRole("link", { name: "Войти" })).toHaveAttribute("href", "/login");
  });

  it("explains a used or expired link and offers a new one", async () => {
    server.use(
      http.post(api("/auth/password-reset/confirm/"), () =>
        HttpResponse.json({ detail: "The link is invalid or expired.", code: "reset_link_invalid" }, { status: 400 }),
      ),
    );
    const user = userEvent.setup();
    renderApp("/reset-password?uid=MQ&token=used");
    await user.type(await screen.findByLabelText(/^Новый пароль/), "Str0ng-pass-phrase");
    await user.type(screen.getByLabelText(/Повторите пароль/), "Str0ng-pass-phrase");
    await user.click(screen.getByRole("button", { name: "Сохранить пароль" }));
    expect(await screen.findByTestId("reset-link-invalid")).toHaveTextContent("устарела или уже использована");
    expect(screen.getByRole("link", { name: "Запросить новую ссылку" })).toHaveAttribute("href", "/forgot-password");
  });

  it("knows a link without its token is broken before sending anything", async () => {
    renderApp("/reset-password?uid=MQ");
    expect(await screen.findByTestId("reset-link-invalid")).toBeInTheDocument();
  });
});

describe("changing the password in the profile", () => {
  it("names a wrong current password on its field, then changes it and clears the form", async () => {
    signInAs(makeMe());
    const sent: unknown[] = [];
    server.use(
      http.get(api("/notifications/preferences/"), () => HttpResponse.json({ preferences: {}, critical_types: [], channels: [] })),
      http.post(api("/me/password/"), async ({ request }) => {
        const body = (await request.json()) as { current_password: string };
        sent.push(body);
        if (body.current_password !== "old-pass-1")
          return HttpResponse.json({ detail: "Invalid input.", code: "invalid", errors: { current_password: ["Неверный текущий пароль."] } }, { status: 400 });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderApp("/profile");
    const current = await screen.findByLabelText(/Текущий пароль/);
    await user.type(current, "wrong");
    await user.type(screen.getByLabelText(/^Новый пароль/), "Str0ng-pass-phrase");
    await user.type(screen.getByLabelText(/Повторите пароль/), "Str0ng-pass-phrase");
    await user.click(screen.getByRole("button", { name: "Сменить пароль" }));
    expect(await screen.findByText("Неверный текущий пароль.")).toBeInTheDocument();

    await user.clear(current);
    await user.type(current, "old-pass-1");
    await user.click(screen.getByRole("button", { name: "Сменить пароль" }));
    expect(await screen.findByText("Пароль изменён")).toBeInTheDocument();
    expect(sent.at(-1)).toEqual({ current_password: "old-pass-1", new_password: "Str0ng-pass-phrase" });
    await waitFor(() => expect(screen.getByLabelText(/Текущий пароль/)).toHaveValue(""));
  });

  it("catches a mistyped repeat before anything is sent", async () => {
    signInAs(makeMe());
    let calls = 0;
    server.use(
      http.get(api("/notifications/preferences/"), () => HttpResponse.json({ preferences: {}, critical_types: [], channels: [] })),
      http.post(api("/me/password/"), () => {
        calls += 1;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderApp("/profile");
    await user.type(await screen.findByLabelText(/Текущий пароль/), "old-pass-1");
    await user.type(screen.getByLabelText(/^Новый пароль/), "Str0ng-pass-phrase");
    await user.type(screen.getByLabelText(/Повторите пароль/), "Str0ng-pass-phrasE");
    await user.click(screen.getByRole("button", { name: "Сменить пароль" }));
    expect(await screen.findByText("Пароли не совпадают")).toBeInTheDocument();
    expect(calls).toBe(0);
  });
});
