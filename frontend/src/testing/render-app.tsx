import { render } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { App } from "@/App";
import { AppProvider } from "@/app/provider";
import type { Me } from "@/lib/api/types";
import { createQueryClient } from "@/lib/query-client";
import { api, server } from "@/testing/server";

/** A signed-in session: the refresh cookie works and /me/ answers with this user. */
export function signInAs(user: Me) {
  server.use(
    http.post(api("/auth/refresh/"), () => HttpResponse.json({ access: `token-${user.id}` })),
    http.get(api("/me/"), () => HttpResponse.json(user)),
  );
}

export function renderWithProviders(ui: ReactNode, { path = "/" }: { path?: string } = {}) {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  return {
    queryClient,
    ...render(
      <MemoryRouter initialEntries={[path]}>
        <AppProvider queryClient={queryClient}>{ui}</AppProvider>
      </MemoryRouter>,
    ),
  };
}

export function renderApp(path = "/") {
  return renderWithProviders(<App />, { path });
}
