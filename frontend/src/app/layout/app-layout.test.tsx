import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";
import { setScreen } from "@/testing/viewport";
// The screens under test, loaded before the tests start: lazy route chunks are slow to load on a busy machine.
import "@/app/routes/dashboard";
import "@/app/routes/admin/appointments";

describe("the phone menu", () => {
  it("opens with its own head, so the first item is the first thing under it, and every item is reachable", async () => {
    setScreen("phone");
    signInAs(makeMe({ id: 9, role: "admin" }));
    server.use(http.get(api("/admin/appointments/"), () => HttpResponse.json({ count: 0, next: null, previous: null, results: [] })));
    const user = userEvent.setup();
    renderApp("/admin/appointments");
    await screen.findByRole("heading", { name: "Заявки" });

    // On a phone the permanent drawer is not shown: the menu button opens the modal one.
    await user.click(screen.getByRole("button", { name: "Открыть меню" }));
    const drawer = await screen.findByRole("presentation");
    const paper = drawer.querySelector(".MuiDrawer-paper")!;
    // The drawer's first child is its head (site name and a close button, as tall as the app bar),
    // then the navigation; the app bar never covers the first item.
    const head = within(paper as HTMLElement).getByTestId("drawer-head");
    expect(paper.firstElementChild).toBe(head);
    expect(within(head).getByText("Test Market")).toBeInTheDocument();
    const nav = within(paper as HTMLElement).getByRole("navigation", { name: "Главное меню" });
    const links = within(nav).getAllByRole("link");
    expect(links[0]).toHaveTextContent("Главная");
    expect(links.map((l) => l.textContent)).toEqual(expect.arrayContaining(["Пользователи", "Мастера", "Настройки", "Система"]));

    await user.click(links[0]);
    expect(await screen.findByRole("heading", { name: /Здравствуйте/ })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("presentation")).not.toBeInTheDocument());
  });

  it("closes with its own close button", async () => {
    setScreen("phone");
    signInAs(makeMe());
    const user = userEvent.setup();
    renderApp("/");
    await screen.findByRole("heading", { name: /Здравствуйте/ });
    await user.click(screen.getByRole("button", { name: "Открыть меню" }));
    await user.click(await screen.findByRole("button", { name: "Закрыть меню" }));
    await waitFor(() => expect(screen.queryByRole("presentation")).not.toBeInTheDocument());
  });
});

describe("the browser tab", () => {
  it("reads the screen and the site's name; an untouched default name is localized", async () => {
    signInAs(makeMe());
    server.use(
      http.get(api("/site/"), () =>
        HttpResponse.json({ site_name: "Marketplace", support_contact: "", registration_open: true, telegram_bot_username: "", max_upload_mb: 10 }),
      ),
    );
    renderApp("/");
    await screen.findByRole("heading", { name: /Здравствуйте/ });
    await waitFor(() => expect(document.title).toBe("Здравствуйте, Anna · Маркетплейс"));
    expect(screen.getByRole("link", { name: "Маркетплейс" })).toBeInTheDocument();
  });
});
