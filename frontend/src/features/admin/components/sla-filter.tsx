import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import { useTranslation } from "react-i18next";

export const SLA_FILTERS = ["", "warning", "breached"] as const;

/** All requests, those whose deadline is near, or those past it (the admin list's `?sla=`). */
export function SlaFilter({ value, onChange }: { value: string; onChange: (sla: string) => void }) {
  const { t } = useTranslation();
  return (
    <Stack direction="row" spacing={1} role="group" aria-label={t("sla.filter.label")} sx={{ overflowX: "auto", pb: 1, mb: 1, "&::-webkit-scrollbar": { display: "none" } }}>
      {SLA_FILTERS.map((option) => (
        <Chip
          key={option || "all"}
          label={t(`sla.filter.${option || "all"}`)}
          color={value === option ? (option === "breached" ? "error" : option === "warning" ? "warning" : "primary") : "default"}
          variant={value === option ? "filled" : "outlined"}
          onClick={() => onChange(option)}
          aria-pressed={value === option}
          sx={{ flexShrink: 0 }}
        />
      ))}
    </Stack>
  );
}
