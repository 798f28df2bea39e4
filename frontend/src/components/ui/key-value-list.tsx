import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatNumber } from "@/lib/format";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A field name in words: a known one translated (`fields.*`), otherwise "payment_method" -> "Payment method". */
export function useFieldLabel() {
  const { t } = useTranslation();
  return (key: string) => {
    const words = key.replace(/[_.]/g, " ");
    const fallback = words.charAt(0).toUpperCase() + words.slice(1);
    return t(`fields.${key}`, { defaultValue: t(`status.${key}`, { defaultValue: fallback }) });
  };
}

/** One value as a person reads it: yes/no, dates in the locale, statuses and roles translated. */
export function useValueText() {
  const { t } = useTranslation();
  const text = (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === "") return "—";
    if (typeof value === "boolean") return value ? t("common.yes") : t("common.no");
    if (typeof value === "string") {
      if (ISO_DATE.test(value)) return formatDateTime(value);
      if (/(^|_)status$/.test(key)) return t(`status.${value}`, { defaultValue: t(`master.statusLabel.${value}`, { defaultValue: value }) });
      if (key === "role") return t(`roles.${value}`, { defaultValue: value });
      if (key === "admin_role") return t(`adminRoles.${value}`, { defaultValue: value });
      if (key === "language") return t(`languages.${value}`, { defaultValue: value });
      return value;
    }
    if (typeof value === "number") return formatNumber(value, Number.isInteger(value) ? 0 : 2);
    if (Array.isArray(value)) return value.map((v) => text(key, v)).join(", ") || "—";
    return JSON.stringify(value);
  };
  return text;
}

/**
 * An open-ended JSON object (an event payload, audit metadata) as a readable list of labelled
 * values, nested objects indented. `changes` of the shape `{field: [old, new]}` read "old → new".
 */
export function KeyValueList({ data, changes = false }: { data: unknown; changes?: boolean }) {
  const { t } = useTranslation();
  const label = useFieldLabel();
  const text = useValueText();
  if (!data || typeof data !== "object" || Array.isArray(data) || !Object.keys(data).length) {
    return <Typography variant="body2" color="text.secondary">{t("common.nothing")}</Typography>;
  }
  return (
    <Box component="dl" sx={{ display: "grid", gridTemplateColumns: "minmax(96px, max-content) minmax(0, 1fr)", columnGap: 2, rowGap: 0.5, m: 0 }}>
      {Object.entries(data as Record<string, unknown>).map(([key, value]) => (
        <Box key={key} sx={{ display: "contents" }}>
          <Typography component="dt" variant="body2" color="text.secondary" title={key}>
            {label(key)}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0, minWidth: 0, overflowWrap: "break-word" }}>
            {changes && Array.isArray(value) && value.length === 2 ? (
              `${text(key, value[0])} → ${text(key, value[1])}`
            ) : value && typeof value === "object" && !Array.isArray(value) ? (
              <Box sx={{ pl: 1, borderLeft: 2, borderColor: "divider" }}>
                <KeyValueList data={value} />
              </Box>
            ) : (
              text(key, value)
            )}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
