import { screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { createRoutesFromChildren, matchRoutes, type RouteObject } from "react-router";
import { describe, expect, it } from "vitest";
import { appRoutes } from "@/App";
import { PATHS } from "@/app/paths";
import { makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";
// The screens under test, loaded before the tests start: lazy route chunks are slow to load on a busy machine.
import "@/app/routes/not-found";
import "@/app/routes/appointments/appointment";
import "@/app/routes/appointments/queue";

describe("the not-found page", () => {
  it("answers an unknown address inside the app for someone signed in", async () => {
    signInAs(makeMe());
    renderApp("/appointmnets/7");
    expect(await screen.findByRole("heading", { name: "Страница не найдена" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "На главную" })).toHaveAttribute("href", "/");
    expect(screen.getByRole("button", { name: "Открыть меню" })).toBeInTheDocument();
  });

  it("answers an unknown address for a visitor too, instead of sending them to sign in", async () => {
    renderApp("/no/such/page");
    expect(await screen.findByRole("heading", { name: "Страница не найдена" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Войти" })).toHaveAttribute("href", "/login");
  });

  it("says a missing request is not found, with no retry button", async () => {
    signInAs(makeMe());
    server.use(http.get(api("/appointments/404/"), () => HttpResponse.json({ detail: "Not found.", code: "not_found" }, { status: 404 })));
    renderApp("/appointments/404");
    expect(await screen.findByRole("heading", { name: "Страница не найдена" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Повторить" })).not.toBeInTheDocument();
  });

  it("keeps a retry button for a server failure", async () => {
    signInAs(makeMe());
    server.use(http.get(api("/appointments/5/"), () => HttpResponse.json({ detail: "Boom.", code: "server_error" }, { status: 500 })));
    renderApp("/appointments/5");
    expect(await screen.findByRole("button", { name: "Повторить" })).toBeInTheDocument();
  });
});

describe("a pending master's queue", () => {
  it("shows one explanation and asks nothing of the server", async () => {
    signInAs(makeMe({ id: 3, role: "master", master_profile: { status: "pending", bio: "", rating_avg: null, rating_count: 0, status_changed_at: null } }));
    let asked = 0;
    server.use(
      http.get(api("/appointments/new/"), () => {
        asked += 1;
        return HttpResponse.json({ detail: "Not active.", code: "master_not_active" }, { status: 403 });
      }),
    );
    renderApp("/queue");
    expect(await screen.findByTestId("queue-locked")).toHaveTextContent("когда администратор проверит и активирует");
    expect(screen.getAllByRole("alert")).toHaveLength(1);
    expect(screen.queryByRole("button", { name: "Повторить" })).not.toBeInTheDocument();
    expect(asked).toBe(0);
  });
});

describe("the route manifest", () => {
  const routes = createRoutesFromChildren(appRoutes.props.children);
  const leafPath = (path: string) => matchRoutes(routes, path)?.at(-1)?.route.path;
  const example = (pattern: string) => pattern.replace(/:[A-Za-z]+/g, "12");

  it.each(Object.values(PATHS))("the router has a screen for %s", (pattern) => {
    expect(leafPath(example(pattern))).toBe(pattern);
  });

  it("lists every path the router knows, and nothing else falls outside the catch-all", () => {
    const walk = (list: RouteObject[]): string[] => list.flatMap((r) => [...(r.path ? [r.path] : []), ...walk(r.children ?? [])]);
    expect(walk(routes).filter((p) => p !== "*").sort()).toEqual([...new Set(Object.values(PATHS))].sort());
    expect(leafPath("/appointments/12/edit")).toBe("*");
    expect(leafPath("/admin")).toBe("*");
  });
});
