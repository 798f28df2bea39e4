import { describe, expect, it } from "vitest";
import { en } from "@/lib/locales/en";
import { ru, type Messages } from "@/lib/locales/ru";

/** Keys with plural suffixes folded (Russian needs _few/_many, English doesn't). */
function keys(messages: Messages, prefix = ""): Set<string> {
  const result = new Set<string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") result.add(path.replace(/_(zero|one|two|few|many|other)$/, ""));
    else keys(value, path).forEach((k) => result.add(k));
  }
  return result;
}

describe("translations", () => {
  it("English and Russian have the same keys", () => {
    expect([...keys(en)].sort()).toEqual([...keys(ru)].sort());
  });

  it("Russian plurals have every form i18next asks for (one, few, many, other)", () => {
    const forms = new Map<string, Set<string>>();
    const walk = (messages: Messages, prefix: string) => {
      for (const [key, value] of Object.entries(messages)) {
        const path = prefix ? `${prefix}.${key}` : key;
        if (typeof value !== "string") walk(value, path);
        const match = /^(.*)_(one|few|many|other)$/.exec(path);
        if (match && typeof value === "string") forms.set(match[1], (forms.get(match[1]) ?? new Set()).add(match[2]));
      }
    };
    walk(ru, "");
    expect(forms.size).toBeGreaterThan(0);
    for (const [key, found] of forms) expect([...found].sort(), key).toEqual(["few", "many", "one", "other"]);
  });

  it("every error code the backend defines has a message", async () => {
    const codes = ["invalid_credentials", "banned", "throttled", "invalid_transition", "master_not_active", "proof_required",
      "file_too_large", "unsupported_file_type", "invalid_image", "image_too_large", "already_reviewed", "review_not_allowed",
      "registration_closed", "username_taken", "already_bootstrapped", "telegram_invalid", "telegram_expired",
      "telegram_not_configured", "token_reused", "last_super_admin", "unknown_action", "not_found", "permission_denied"];
    const errors = ru.errors as Messages;
    for (const code of codes) expect(errors[code], code).toBeTypeOf("string");
  });
});
