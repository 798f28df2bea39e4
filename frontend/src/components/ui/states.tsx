import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import CircularProgress from "@mui/material/CircularProgress";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "@/lib/api-client";
import { errorMessage } from "@/lib/errors";

export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Box role="status" aria-live="polite" sx={{ display: "flex", justifyContent: "center", alignItems: "center", gap: 2, py: 4 }}>
      <CircularProgress size={28} aria-hidden />
      <Typography color="text.secondary">{label ?? t("common.loading")}</Typography>
    </Box>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Box sx={{ textAlign: "center", py: 4, px: 2, color: "text.secondary" }}>
      <Typography variant="h3" component="p" gutterBottom>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/** A page-sized message with a way on: not found, no access. */
export function NoticeState({ title, description, children }: { title: string; description?: string; children?: ReactNode }) {
  return (
    <Box sx={{ textAlign: "center", py: { xs: 4, sm: 6 }, px: 2 }} data-testid="notice-state">
      <Typography variant="h1" component="h1" gutterBottom>
        {title}
      </Typography>
      {description && (
        <Typography color="text.secondary" sx={{ mb: 3, maxWidth: 480, mx: "auto" }}>
          {description}
        </Typography>
      )}
      {children}
    </Box>
  );
}

/** Trying again helps after a network failure or a server error, never after a 4xx answer. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status >= 500 || error.status === 408 || error.status === 429;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      severity="error"
      sx={{ my: 2 }}
      action={
        onRetry && isRetryable(error) && (
          <Button color="inherit" size="small" onClick={onRetry}>
            {t("common.retry")}
          </Button>
        )
      }
    >
      {errorMessage(error, t)}
    </Alert>
  );
}
