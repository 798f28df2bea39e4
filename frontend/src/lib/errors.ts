import type { TFunction } from "i18next";
import { ApiError } from "@/lib/api-client";
import i18n from "@/lib/i18n";

/** A readable, translated message for any error the API (or the network) can produce. */
export function errorMessage(error: unknown, t: TFunction = i18n.t): string {
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`;
    if (i18n.exists(key)) {
      const status = typeof error.body.status === "string" ? t(`status.${error.body.status}`, { defaultValue: error.body.status }) : "";
      return t(key, { status });
    }
    if (error.status === 400 && error.body.detail) return error.body.detail;
    if (error.status >= 500) return t("errors.server_error");
    if (error.status === 404) return t("errors.not_found");
    if (error.status === 403) return t("errors.permission_denied");
    return error.body.detail || t("errors.unknown");
  }
  return t("errors.unknown");
}

/** Field-level messages of a 400 validation error, keyed by field. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const result: Record<string, string> = {};
  for (const [field, messages] of Object.entries(error.fieldErrors)) {
    if (Array.isArray(messages) && messages.length) result[field] = String(messages[0]);
  }
  return result;
}
