import Chip, { type ChipProps } from "@mui/material/Chip";
import { useTranslation } from "react-i18next";
import type { ClientRiskLevel } from "@/lib/api/types";

const COLORS: Record<ClientRiskLevel, ChipProps["color"]> = { low: "success", medium: "warning", high: "error", insufficient_data: "default" };

/** A client's risk level (SPEC 10.2): what a master sees before taking a request; never the score or reasons. */
export function RiskChip({ level, size = "small" }: { level: ClientRiskLevel | null | undefined; size?: ChipProps["size"] }) {
  const { t } = useTranslation();
  if (!level) return null;
  return (
    <Chip
      size={size}
      color={COLORS[level] ?? "default"}
      variant={level === "low" || level === "insufficient_data" ? "outlined" : "filled"}
      label={t(`scores.risk.${level}`, { defaultValue: level })}
      title={t("scores.riskTitle")}
      data-testid="risk-chip"
      data-level={level}
    />
  );
}
