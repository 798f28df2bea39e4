import Box from "@mui/material/Box";
import Chip from "@mui/material/Chip";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";

function Value({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (typeof value === "boolean")
    return <Chip size="small" color={value ? "success" : "default"} label={value ? t("common.yes") : t("common.no")} />;
  if (value === null || value === undefined) return <>—</>;
  if (Array.isArray(value)) return <>{value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ") || "—"}</>;
  if (typeof value === "object") return <StatusTree data={value as Record<string, unknown>} nested />;
  return <>{String(value)}</>;
}

/** The status report is open-ended (checks, versions, queue sizes): render whatever comes back. */
export function StatusTree({ data, nested }: { data: Record<string, unknown>; nested?: boolean }) {
  const { t } = useTranslation();
  return (
    <Box component="dl" sx={{ display: "grid", gridTemplateColumns: "minmax(120px, max-content) 1fr", columnGap: 2, rowGap: 0.5, m: 0, pl: nested ? 1 : 0, borderLeft: nested ? 2 : 0, borderColor: "divider" }}>
      {Object.entries(data).map(([key, value]) => (
        <Box key={key} sx={{ display: "contents" }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {t(`system.${key}`, { defaultValue: t(`status.${key}`, { defaultValue: t(`roles.${key}`, { defaultValue: t(`master.statusLabel.${key}`, { defaultValue: key.replace(/_/g, " ") }) }) }) })}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: "anywhere" }}>
            <Value value={value} />
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
