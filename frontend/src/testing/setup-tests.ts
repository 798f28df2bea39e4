import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterAll, afterEach, beforeAll } from "vitest";
import { tokenStore } from "@/lib/api-client";
import i18n from "@/lib/i18n";
import { server } from "@/testing/server";

// Route screens are lazy chunks; the first import in a test run takes a moment.
configure({ asyncUtilTimeout: 4000 });

// Node's fetch wants absolute URLs; the browser resolves the app's relative ones against the page.
const nativeFetch = globalThis.fetch;
globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
  nativeFetch(typeof input === "string" && input.startsWith("/") ? new URL(input, window.location.origin) : input, init);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(async () => {
  cleanup();
  server.resetHandlers();
  tokenStore.set(null);
  window.localStorage.clear();
  await i18n.changeLanguage("ru");
});
afterAll(() => server.close());

// jsdom lacks these browser APIs that MUI and the app touch.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!URL.createObjectURL) {
  let next = 0;
  URL.createObjectURL = () => `blob:test/${(next += 1)}`;
  URL.revokeObjectURL = () => {};
}
window.scrollTo = () => {};
