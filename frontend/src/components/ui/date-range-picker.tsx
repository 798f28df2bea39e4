import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import ToggleButton from "@mui/material/ToggleButton";
import ToggleButtonGroup from "@mui/material/ToggleButtonGroup";
import { useTranslation } from "react-i18next";
import { presetOf, presetRange, RANGE_PRESETS, type DateRange, type RangePreset } from "@/lib/date-range";

/** Presets (7/30/90 days, this month) and two day fields; fits a 390 px phone in two rows. */
export function DateRangePicker({ value, onChange }: { value: DateRange; onChange: (range: DateRange) => void }) {
  const { t } = useTranslation();
  const preset = presetOf(value);
  return (
    <Stack direction={{ xs: "column", md: "row" }} sx={{ gap: 1.5, alignItems: { md: "center" }, mb: 2 }} data-testid="date-range">
      <ToggleButtonGroup
        exclusive
        size="small"
        value={preset}
        aria-label={t("range.presets")}
        onChange={(_, next: RangePreset | null) => next && onChange(presetRange(next))}
        sx={{ flexWrap: "wrap" }}
      >
        {RANGE_PRESETS.map((p) => (
          <ToggleButton key={p} value={p} sx={{ px: 1.5, color: "text.primary" }}>
            {t(`range.${p}`)}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <Stack direction="row" sx={{ gap: 1 }}>
        <TextField
          type="date"
          size="small"
          label={t("range.from")}
          value={value.from}
          onChange={(e) => e.target.value && onChange({ ...value, from: e.target.value })}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: value.to } }}
          sx={{ flex: 1, minWidth: 0 }}
        />
        <TextField
          type="date"
          size="small"
          label={t("range.to")}
          value={value.to}
          onChange={(e) => e.target.value && onChange({ ...value, to: e.target.value })}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: value.from } }}
          sx={{ flex: 1, minWidth: 0 }}
        />
      </Stack>
    </Stack>
  );
}
