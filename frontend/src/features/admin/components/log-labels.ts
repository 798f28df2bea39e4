import { useTranslation } from "react-i18next";
import type { AuditEntry, PlatformEvent } from "@/lib/api/types";
import { ru, type Messages } from "@/lib/locales/ru";

/** "auth.login_failed" -> "Auth · login failed": what an unknown code reads as until it is translated. */
function humanize(code: string): string {
  return code
    .split(".")
    .map((part) => part.replace(/_/g, " "))
    .join(" · ");
}

/** Human names for audit actions, event types and target types, with the raw code kept for a tooltip. */
export function useLogLabels() {
  const { t } = useTranslation();
  const word = (group: string, code: string) => (code ? t(`${group}.${code}`, { defaultValue: humanize(code) }) : "—");
  return {
    action: (code: string) => word("auditActions", code),
    eventType: (code: string) => word("eventTypes", code),
    targetType: (type: string) => word("targetTypes", type),
    auditActor: (entry: AuditEntry) => entry.actor_label || entry.actor_username || t("audit.system"),
    auditTarget: (entry: AuditEntry) => {
      if (!entry.target_type) return "—";
      const name = entry.target_label || entry.target_repr || `#${entry.target_id}`;
      return `${word("targetTypes", entry.target_type)} ${name}`;
    },
    eventActor: (event: PlatformEvent) => event.actor_label || event.actor?.username || t("audit.system"),
    eventSubject: (event: PlatformEvent) => {
      if (!event.subject_type) return "—";
      const name = event.target_label || `#${event.subject_id}`;
      return `${word("targetTypes", event.subject_type)} ${name}`;
    },
  };
}

/** Every event type the interface has a name for ("appointment.taken", ...), for the type filter. */
export function knownEventTypes(): string[] {
  const flatten = (tree: Messages, prefix: string): string[] =>
    Object.entries(tree).flatMap(([key, value]) => (typeof value === "string" ? [`${prefix}${key}`] : flatten(value, `${prefix}${key}.`)));
  const tree = ru.eventTypes;
  return typeof tree === "object" ? flatten(tree, "") : [];
}
