import type { TFunction } from "i18next";
import type { Choice } from "@/features/rules/components/conditions";

/**
 * The rule catalog (admin/rules/catalog/) names its fields, events, actions and choices in English
 * for developers; the owner reads them in their language. Every label goes through here, the
 * server's words kept as the fallback for anything not translated yet.
 */
const CHOICE_GROUPS: Record<string, string> = {
  "appointment.status": "status",
  "event.from_status": "status",
  "event.to_status": "status",
  "event.type": "eventTypes",
  "event.actor_role": "rules.actorRoles",
  "review.direction": "rules.directions",
  "client.risk_level": "scores.level",
  "master.performance_level": "scores.level",
};

export const fieldLabel = (t: TFunction, field: string, fallback: string) => t(`rules.fieldLabels.${field}`, { defaultValue: fallback });

export function choiceLabels(t: TFunction, field: string, choices: Choice[] | undefined): Choice[] | undefined {
  const group = CHOICE_GROUPS[field];
  if (!choices || !group) return choices;
  return choices.map((c) => ({ value: c.value, label: t(`${group}.${c.value}`, { defaultValue: c.label }) }));
}

export const eventLabel = (t: TFunction, event: string, fallback?: string) => t(`eventTypes.${event}`, { defaultValue: fallback ?? event });
export const actionLabel = (t: TFunction, type: string, fallback: string) => t(`rules.actionLabels.${type}`, { defaultValue: fallback });

/** A value as the owner reads it: an enum's code in words, lists joined, nothing as "—". */
export function valueLabel(t: TFunction, field: string | undefined, value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  const group = field ? CHOICE_GROUPS[field] : undefined;
  const one = (v: unknown) => (group && typeof v === "string" ? t(`${group}.${v}`, { defaultValue: v }) : typeof v === "boolean" ? t(v ? "common.yes" : "common.no", { defaultValue: String(v) }) : typeof v === "object" ? JSON.stringify(v) : String(v));
  return Array.isArray(value) ? value.map(one).join(", ") : one(value);
}

/** What an action would do, in words: "Поставить метку на заявку: срочно". */
export function actionSummary(t: TFunction, action: unknown): string {
  if (!action || typeof action !== "object") return String(action);
  const { type, params, ...rest } = action as { type?: string; params?: Record<string, unknown> };
  const values = Object.entries(params && typeof params === "object" ? params : rest)
    .map(([name, v]) => (name === "to" && Array.isArray(v) ? v.map((r) => t(`rules.recipient.${String(r)}`, { defaultValue: String(r) })).join(", ") : valueLabel(t, undefined, v)))
    .filter((v) => v !== "—");
  const label = type ? actionLabel(t, type, type) : "";
  return values.length ? `${label}: ${values.join(" · ")}` : label;
}

/**
 * A validation error (SPEC 10.1 `{path, code, detail}`) in the interface language: the server's
 * detail is English prose for developers; the owner reads what to do, by the error's code (a
 * tag's or a text's rule by where it points). An unknown code keeps the server's words.
 */
export function localizeRuleError<E extends { path: string; code?: string; detail: string }>(t: TFunction, error: E): E {
  const { path, code } = error;
  if (!code) return error;
  let key = `rules.problems.${code}`;
  let options: Record<string, unknown> = {};
  if (code === "invalid_value" && /^actions\.\d+\.params\./.test(path)) {
    const param = path.split(".").at(-1);
    if (param === "tag") key = "rules.problems.tag";
    else if (param === "to") key = "rules.problems.choices";
    else {
      key = "rules.problems.text";
      options = { max: /At most (\d+)/.exec(error.detail)?.[1] ?? 500 };
    }
  }
  return { ...error, detail: t(key, { defaultValue: error.detail, ...options }) };
}
