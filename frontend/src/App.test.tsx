import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { tokenStore } from "@/lib/api-client";
import { captureTelegramLaunchData } from "@/lib/telegram-mini-app";
import { makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";
// The screens under test, loaded before the tests start: lazy route chunks are slow to load on a busy machine.
import "@/app/routes/auth/bootstrap";
import "@/app/routes/auth/login";
import "@/app/routes/auth/register";
import "@/app/routes/dashboard";
import "@/app/routes/appointments/my-appointments";
import "@/app/routes/admin/users";

describe("first run and sign-in", () => {
  it("offers the bootstrap-admin screen while the marketplace has no admin, and signs the new admin in", async () => {
    const admin = makeMe({ id: 9, username: "root", display_name: "", role: "admin" });
    let needsBootstrap = true;
    let sent: unknown = null;
    server.use(
      http.get(api("/auth/bootstrap-status/"), () => HttpResponse.json({ needs_bootstrap: needsBootstrap })),
      http.post(api("/auth/bootstrap-admin/"), async ({ request }) => {
        sent = await request.json();
        needsBootstrap = false;
        return HttpResponse.json({ access: "tok", user: admin }, { status: 201 });
      }),
      http.get(api("/me/"), () => HttpResponse.json(admin)),
      http.get(api("/dashboard/"), () => HttpResponse.json({ role: "admin", masters_pending: 2 })),
    );
    const user = userEvent.setup();
    renderApp("/");

    expect(await screen.findByRole("heading", { name: "Создание первого администратора" })).toBeInTheDocument();
    await user.type(screen.getByLabelText(/Имя пользователя/), "root");
    await user.type(screen.getByLabelText(/^Пароль/), "Str0ng-pass-phrase");
    await user.type(screen.getByLabelText(/Повторите пароль/), "Str0ng-pass-phrase");
    await user.click(screen.getByRole("button", { name: "Создать администратора" }));

    expect(await screen.findByRole("heading", { name: "Здравствуйте, root" })).toBeInTheDocument();
    expect(sent).toEqual({ username: "root", password: "Str0ng-pass-phrase", email: "" });
    expect(await screen.findByText("Мастера ждут проверки")).toBeInTheDocument();
    expect(tokenStore.get()).toBe("tok");
  });

  it("shows a translated error for wrong credentials, then signs in and returns to the page asked for", async () => {
    const client = makeMe();
    server.use(
      http.post(api("/auth/login/"), async ({ request }) => {
        const body = (await request.json()) as { password: string };
        if (body.password !== "right-password")
          return HttpResponse.json({ detail: "Invalid credentials.", code: "invalid_credentials" }, { status: 401 });
        return HttpResponse.json({ access: "tok", user: client });
      }),
      http.get(api("/me/"), () => HttpResponse.json(client)),
      http.get(api("/appointments/my/"), () => HttpResponse.json({ count: 0, next: null, previous: null, results: [] })),
    );
    const user = userEvent.setup();
    renderApp("/appointments");

    await user.type(await screen.findByLabelText(/Имя пользователя/), "anna");
    await user.type(screen.getByLabelText(/^Пароль/), "wrong");
    await user.click(screen.getByRole("button", { name: "Войти" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Неверное имя пользователя или пароль.");

    await user.clear(screen.getByLabelText(/^Пароль/));
    await user.type(screen.getByLabelText(/^Пароль/), "right-password");
    await user.click(screen.getByRole("button", { name: "Войти" }));
    expect(await screen.findByRole("heading", { name: "Мои заявки" })).toBeInTheDocument();
    expect(await screen.findByText("У вас пока нет заявок")).toBeInTheDocument();
  });

  it("restores the session from the refresh cookie on start, without asking to sign in", async () => {
    signInAs(makeMe({ display_name: "Anna K" }));
    renderApp("/");
    expect(await screen.findByRole("heading", { name: "Здравствуйте, Anna K" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Войти" })).not.toBeInTheDocument();
  });

  it("hides registration when it is closed", async () => {
    server.use(
      http.get(api("/site/"), () =>
        HttpResponse.json({ site_name: "M", support_contact: "", registration_open: false, telegram_bot_username: "", max_upload_mb: 10 }),
      ),
    );
    renderApp("/login");
    expect(await screen.findByRole("button", { name: "Войти" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Зарегистрироваться" })).not.toBeInTheDocument();
  });

  it("registers a master applicant with the chosen role", async () => {
    let sent: Record<string, unknown> = {};
    const master = makeMe({ id: 3, username: "ivan", role: "master", master_profile: { status: "pending", bio: "", rating_avg: null, rating_count: 0, status_changed_at: null } });
    server.use(
      http.post(api("/auth/register/"), async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json({ access: "tok", user: master }, { status: 201 });
      }),
      http.get(api("/me/"), () => HttpResponse.json(master)),
      http.get(api("/dashboard/"), () => HttpResponse.json({ role: "master" })),
    );
    const user = userEvent.setup();
    renderApp("/register");
    await user.click(await screen.findByLabelText("оказывать услуги"));
    // A typo in the repeated password is caught before anything is sent.
    await user.type(screen.getByLabelText(/Имя пользователя/), "ivan");
    await user.type(screen.getByLabelText(/^Пароль/), "Str0ng-pass-phrase");
    await user.type(screen.getByLabelText(/Повторите пароль/), "Str0ng-pass-phrase!");
    await user.click(screen.getByRole("button", { name: "Создать учётную запись" }));
    expect(await screen.findByText("Пароли не совпадают")).toBeInTheDocument();
    expect(sent).toEqual({});
    await user.clear(screen.getByLabelText(/Имя пользователя/));
    await user.clear(screen.getByLabelText(/^Пароль/));
    await user.clear(screen.getByLabelText(/Повторите пароль/));
    await user.type(screen.getByLabelText(/Имя пользователя/), "ivan");
    await user.type(screen.getByLabelText(/^Пароль/), "Str0ng-pass-phrase");
    await user.type(screen.getByLabelText(/Повторите пароль/), "Str0ng-pass-phrase");
    await user.click(screen.getByRole("button", { name: "Создать учётную запись" }));
    expect(await screen.findByText("Ваша учётная запись мастера ждёт проверки администратором.")).toBeInTheDocument();
    expect(sent).toMatchObject({ username: "ivan", role: "master" });
  });
});

describe("language", () => {
  it("switches to English and saves the choice to the profile", async () => {
    const me = makeMe();
    signInAs(me);
    let patched: unknown = null;
    server.use(
      http.patch(api("/me/"), async ({ request }) => {
        patched = await request.json();
        return HttpResponse.json({ ...me, language: "en" });
      }),
    );
    const user = userEvent.setup();
    renderApp("/");
    await screen.findByRole("heading", { name: "Здравствуйте, Anna" });
    await user.click(screen.getByRole("button", { name: /Switch to English/ }));
    expect(await screen.findByRole("heading", { name: "Hello, Anna" })).toBeInTheDocument();
    await waitFor(() => expect(patched).toEqual({ language: "en" }));
    expect(document.documentElement.lang).toBe("en");
  });

  it("signs in straight away when opened as a Telegram Mini App", async () => {
    const client = makeMe({ display_name: "Tg User" });
    let sent: unknown = null;
    server.use(
      http.post(api("/auth/telegram/"), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ access: "tok", user: client });
      }),
      http.get(api("/me/"), () => HttpResponse.json(client)),
    );
    captureTelegramLaunchData("#tgWebAppData=query_id%3DAAE%26user%3D%257B%2522id%2522%253A42%257D%26hash%3Dabc&tgWebAppVersion=7.0");
    renderApp("/");
    expect(await screen.findByRole("heading", { name: "Здравствуйте, Tg User" })).toBeInTheDocument();
    expect(sent).toEqual({ init_data: "query_id=AAE&user=%7B%22id%22%3A42%7D&hash=abc" });
  });

  it("offers the Telegram Login Widget when the site has a bot", async () => {
    server.use(
      http.get(api("/site/"), () =>
        HttpResponse.json({ site_name: "M", support_contact: "", registration_open: true, telegram_bot_username: "market_bot", max_upload_mb: 10 }),
      ),
    );
    renderApp("/login");
    const widget = await screen.findByTestId("telegram-login");
    const script = widget.querySelector("script");
    expect(script?.getAttribute("data-telegram-login")).toBe("market_bot");
    expect(script?.getAttribute("data-onauth")).toBe("onTelegramAuth(user)");
    expect(typeof window.onTelegramAuth).toBe("function");
  });
});

describe("role-based routes", () => {
  it("tells a client who opens an admin address that it is not for them, and shows only their own navigation", async () => {
    signInAs(makeMe());
    renderApp("/admin/users");
    expect(await screen.findByRole("heading", { name: "Нет доступа" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "На главную" })).toHaveAttribute("href", "/");
    const nav = screen.getAllByRole("navigation", { name: "Главное меню" })[0];
    expect(within(nav).queryByText("Пользователи")).not.toBeInTheDocument();
    expect(within(nav).getAllByText("Новая заявка").length).toBeGreaterThan(0);
  });

  it("shows admin sections by capability", async () => {
    const support = makeMe({ id: 5, role: "admin", admin_role: "support", capabilities: ["admin.access", "appointments.view", "users.view"] });
    signInAs(support);
    server.use(http.get(api("/admin/users/all/"), () => HttpResponse.json({ count: 0, next: null, previous: null, results: [] })));
    renderApp("/admin/users");
    expect(await screen.findByRole("heading", { name: "Пользователи" })).toBeInTheDocument();
    const nav = screen.getAllByRole("navigation", { name: "Главное меню" })[0];
    expect(within(nav).getByText("Заявки")).toBeInTheDocument();
    expect(within(nav).queryByText("Система")).not.toBeInTheDocument();
  });

  it("signs out when the account gets banned mid-session and says why", async () => {
    signInAs(makeMe());
    let banned = false;
    server.use(
      http.get(api("/dashboard/"), () =>
        banned ? HttpResponse.json({ detail: "Banned.", code: "banned" }, { status: 403 }) : HttpResponse.json({ role: "client" }),
      ),
      http.get(api("/appointments/my/"), () => HttpResponse.json({ detail: "Banned.", code: "banned" }, { status: 403 })),
    );
    const user = userEvent.setup();
    renderApp("/");
    await screen.findByRole("heading", { name: /Здравствуйте/ });
    banned = true;
    const nav = screen.getAllByRole("navigation", { name: "Главное меню" })[0];
    await user.click(within(nav).getByText("Мои заявки"));
    expect(await screen.findByText(/Учётная запись заблокирована/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("button", { name: "Войти" })).toBeInTheDocument());
  });
});
