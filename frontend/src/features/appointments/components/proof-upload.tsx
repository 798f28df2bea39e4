import UploadFileIcon from "@mui/icons-material/UploadFile";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import LinearProgress from "@mui/material/LinearProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useId, useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { useToast } from "@/components/ui/toaster";
import { useUploadProof } from "@/features/appointments/api/appointment-mutations";
import { errorMessage } from "@/lib/errors";
import { formatBytes } from "@/lib/format";
import { useObjectUrl } from "@/lib/use-object-url";

export const PROOF_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"];

type Props = {
  appointmentId: number;
  maxUploadMb: number;
  /** Offer "upload and mark paid" in one step (the appointment still awaits payment). */
  canMarkPaid: boolean;
  hasProof: boolean;
};

/** Pick a file, see it before sending, watch it upload. The server re-checks type, size and content. */
export function ProofUpload({ appointmentId, maxUploadMb, canMarkPaid, hasProof }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);
  const upload = useUploadProof(appointmentId, setProgress);

  const preview = useObjectUrl(file && file.type.startsWith("image/") ? file : null);

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0] ?? null;
    event.target.value = "";
    upload.reset();
    setProgress(0);
    setLocalError(null);
    if (!chosen) return;
    if (!PROOF_TYPES.includes(chosen.type)) {
      setLocalError(t("errors.unsupported_file_type"));
      setFile(null);
      return;
    }
    if (chosen.size > maxUploadMb * 1024 * 1024) {
      setLocalError(t("errors.file_too_large_limit", { mb: maxUploadMb }));
      setFile(null);
      return;
    }
    setFile(chosen);
  };

  const send = (markPaid: boolean) => {
    if (!file) return;
    setProgress(0);
    upload.mutate(
      { file, markPaid },
      {
        onSuccess: () => {
          setFile(null);
          toast.success(markPaid ? t("payment.markedPaid") : t("payment.proofSaved"));
        },
      },
    );
  };

  return (
    <Stack spacing={1.5} data-testid="proof-upload">
      <Typography variant="h3" component="h3">
        {hasProof ? t("payment.replaceProof") : t("payment.uploadProof")}
      </Typography>
      <Box>
        <input id={inputId} type="file" accept={PROOF_TYPES.join(",")} onChange={choose} hidden data-testid="proof-input" />
        <Button component="label" htmlFor={inputId} variant="outlined" startIcon={<UploadFileIcon />} disabled={upload.isPending}>
          {t("payment.chooseFile")}
        </Button>
        <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 0.5 }}>
          {t("payment.fileRules", { mb: maxUploadMb })}
        </Typography>
      </Box>
      {localError && <Alert severity="error">{localError}</Alert>}
      {file && (
        <Stack spacing={1}>
          {preview ? (
            <Box component="img" src={preview} alt={t("payment.previewAlt")} sx={{ maxWidth: "100%", maxHeight: 240, objectFit: "contain", borderRadius: 1, border: 1, borderColor: "divider", alignSelf: "flex-start" }} />
          ) : null}
          <Typography variant="body2">
            {file.name} · {formatBytes(file.size)}
          </Typography>
          {(upload.isPending || upload.isSuccess) && (
            <Box>
              <LinearProgress variant="determinate" value={Math.round(progress * 100)} aria-label={t("payment.uploadProgress")} />
              <Typography variant="caption">{Math.round(progress * 100)}%</Typography>
            </Box>
          )}
          <Stack direction={{ xs: "column", sm: "row" }} spacing={1}>
            {canMarkPaid && (
              <Button variant="contained" onClick={() => send(true)} disabled={upload.isPending}>
                {t("payment.uploadAndMarkPaid")}
              </Button>
            )}
            <Button variant={canMarkPaid ? "outlined" : "contained"} onClick={() => send(false)} disabled={upload.isPending}>
              {t("payment.uploadOnly")}
            </Button>
          </Stack>
        </Stack>
      )}
      {upload.isError && <Alert severity="error">{errorMessage(upload.error, t)}</Alert>}
    </Stack>
  );
}
