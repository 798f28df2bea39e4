import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import type { PaymentInstructions as Instructions } from "@/lib/api/types";
import { formatMoney } from "@/lib/format";

export function PaymentInstructions({ instructions }: { instructions: Instructions }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t("payment.amount"), formatMoney(instructions.amount, instructions.currency)],
    [t("payment.method"), instructions.method],
    [t("payment.recipient"), instructions.recipient],
    [t("payment.account"), instructions.account],
  ];
  const empty = !instructions.method && !instructions.account && !instructions.instructions;
  return (
    <Box data-testid="payment-instructions">
      <Typography variant="h3" component="h3" gutterBottom>
        {t("payment.instructionsTitle")}
      </Typography>
      {empty && <Alert severity="warning">{t("payment.noInstructions")}</Alert>}
      <Box component="dl" sx={{ display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: 2, rowGap: 0.5, m: 0 }}>
        {rows
          .filter(([, value]) => value && value !== "—")
          .map(([label, value]) => (
            <Box key={label} sx={{ display: "contents" }}>
              <Typography component="dt" variant="body2" color="text.secondary">
                {label}
              </Typography>
              <Typography component="dd" variant="body2" sx={{ m: 0, fontWeight: 600, overflowWrap: "break-word", userSelect: "all" }}>
                {value}
              </Typography>
            </Box>
          ))}
      </Box>
      {instructions.instructions && (
        <Typography variant="body2" sx={{ mt: 1, whiteSpace: "pre-wrap" }}>
          {instructions.instructions}
        </Typography>
      )}
    </Box>
  );
}
