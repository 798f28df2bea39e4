import Chip, { type ChipProps } from "@mui/material/Chip";
import { useTranslation } from "react-i18next";

const COLORS: Record<string, ChipProps["color"]> = {
  NEW: "info",
  IN_REVIEW: "secondary",
  AWAITING_PAYMENT: "warning",
  PAYMENT_PROOF_UPLOADED: "warning",
  PAID: "primary",
  IN_PROGRESS: "primary",
  COMPLETED: "success",
  DECLINED_BY_MASTER: "default",
  CANCELLED: "default",
};

export function StatusChip({ status, size = "small" }: { status: string; size?: ChipProps["size"] }) {
  const { t } = useTranslation();
  return (
    <Chip
      size={size}
      color={COLORS[status] ?? "default"}
      variant={status === "CANCELLED" || status === "DECLINED_BY_MASTER" ? "outlined" : "filled"}
      label={t(`status.${status}`, { defaultValue: status })}
      data-status={status}
    />
  );
}
