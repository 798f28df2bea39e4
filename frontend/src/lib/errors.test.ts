import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api-client";
import { errorMessage } from "@/lib/errors";
import i18n from "@/lib/i18n";

describe("errorMessage", () => {
  it("translates a known code (Russian by default)", () => {
    expect(errorMessage(new ApiError(401, { code: "invalid_credentials", detail: "Invalid credentials." }))).toBe(
      "Неверное имя пользователя или пароль.",
    );
  });

  it("follows the language switch", async () => {
    await i18n.changeLanguage("en");
    expect(errorMessage(new ApiError(403, { code: "banned" }))).toMatch(/account is banned/);
  });

  it("names the current status, translated, on invalid_transition", () => {
    const message = errorMessage(new ApiError(409, { code: "invalid_transition", detail: "x", status: "IN_REVIEW" }));
    expect(message).toContain("На рассмотрении");
  });

  it("falls back to the server's detail for an unknown validation code, and to a generic text otherwise", () => {
    expect(errorMessage(new ApiError(400, { code: "max_length", detail: "title: Too long." }))).toBe("title: Too long.");
    expect(errorMessage(new ApiError(502, {}))).toBe(i18n.t("errors.server_error"));
    expect(errorMessage(new Error("boom"))).toBe(i18n.t("errors.unknown"));
  });
});
