import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterAll, afterEach, beforeAll } from "vitest";
import { tokenStore } from "@/lib/api-client";
import i18n from "@/lib/i18n";
import { server } from "@/testing/server";
import { installMatchMedia, resetScreen } from "@/testing/viewport";

// Route screens are lazy chunks; the first import in a test run takes a moment.
configure({ asyncUtilTimeout: 15000 });

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
  resetScreen();
});
afterAll(() => server.close());

// jsdom lacks these browser APIs that MUI and the app touch.
installMatchMedia();
if (!URL.createObjectURL) {
  let next = 0;
  URL.createObjectURL = () => `blob:test/${(next += 1)}`;
  URL.revokeObjectURL = () => {};
}
window.scrollTo = () => {};
