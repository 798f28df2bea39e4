import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import { useTranslation } from "react-i18next";
import { STATUSES } from "@/lib/appointment-status";

/** One status or all; a row of chips that scrolls sideways on a phone. */
export function StatusFilter({ value, onChange, statuses = STATUSES }: { value: string; onChange: (status: string) => void; statuses?: string[] }) {
  const { t } = useTranslation();
  const options = ["", ...statuses];
  return (
    <Stack
      direction="row"
      spacing={1}
      role="group"
      aria-label={t("appointments.filterByStatus")}
      sx={{ overflowX: "auto", pb: 1, mb: 1, "&::-webkit-scrollbar": { display: "none" } }}
    >
      {options.map((status) => (
        <Chip
          key={status || "all"}
          label={status ? t(`status.${status}`) : t("common.all")}
          color={value === status ? "primary" : "default"}
          variant={value === status ? "filled" : "outlined"}
          onClick={() => onChange(status)}
          aria-pressed={value === status}
          sx={{ flexShrink: 0 }}
        />
      ))}
    </Stack>
  );
}
