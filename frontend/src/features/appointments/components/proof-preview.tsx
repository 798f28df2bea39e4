import PictureAsPdfIcon from "@mui/icons-material/PictureAsPdf";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Skeleton from "@mui/material/Skeleton";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import { ErrorState } from "@/components/ui/states";
import { usePaymentProof } from "@/features/appointments/api/get-payment-proof";
import type { PaymentProof } from "@/lib/api/types";
import { formatBytes, formatDateTime } from "@/lib/format";

export function ProofPreview({ appointmentId, proof }: { appointmentId: number; proof: PaymentProof }) {
  const { t } = useTranslation();
  const file = usePaymentProof(appointmentId, proof.uploaded_at);
  const isImage = proof.content_type.startsWith("image/");

  return (
    <Box data-testid="proof-preview">
      <Typography variant="body2" color="text.secondary" gutterBottom>
        {t("payment.proofUploaded", { date: formatDateTime(proof.uploaded_at), size: formatBytes(proof.size) })}
      </Typography>
      {file.isError && <ErrorState error={file.error} onRetry={() => void file.refetch()} />}
      {!file.isError && !file.url && <Skeleton variant="rectangular" height={isImage ? 180 : 40} sx={{ maxWidth: 320 }} />}
      {file.url && isImage && (
        <Box component="a" href={file.url} target="_blank" rel="noopener" sx={{ display: "inline-block" }}>
          <Box
            component="img"
            src={file.url}
            alt={t("payment.proofAlt")}
            sx={{ maxWidth: "100%", maxHeight: 320, borderRadius: 1, border: 1, borderColor: "divider", display: "block" }}
          />
        </Box>
      )}
      {file.url && !isImage && (
        <Button startIcon={<PictureAsPdfIcon />} href={file.url} download={`payment-proof-${appointmentId}.pdf`} variant="outlined">
          {t("payment.openProof")}
        </Button>
      )}
    </Box>
  );
}
