import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import useMediaQuery from "@mui/material/useMediaQuery";
import { useTheme } from "@mui/material/styles";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "@/lib/errors";

type FormDialogProps = {
  open: boolean;
  title: string;
  submitLabel: string;
  onClose: () => void;
  /** Resolve to close the dialog; throw to show the error inside it. */
  onSubmit: () => Promise<unknown>;
  children?: ReactNode;
  destructive?: boolean;
  submitDisabled?: boolean;
};

/** A dialog around a small form (a reason, a price, a confirmation) that shows its own errors. */
export function FormDialog({ open, title, submitLabel, onClose, onSubmit, children, destructive, submitDisabled }: FormDialogProps) {
  const { t } = useTranslation();
  const theme = useTheme();
  const fullScreen = useMediaQuery(theme.breakpoints.down("sm"));
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const titleId = useId();

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await onSubmit();
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog open={open} onClose={pending ? undefined : onClose} aria-labelledby={titleId} fullWidth maxWidth="xs" fullScreen={fullScreen}>
      <form onSubmit={handleSubmit} noValidate>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent sx={{ display: "flex", flexDirection: "column", gap: 2, pt: "8px !important" }}>
          {children}
          {error != null && <Alert severity="error">{errorMessage(error, t)}</Alert>}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={pending}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" variant="contained" color={destructive ? "error" : "primary"} disabled={pending || submitDisabled}>
            {submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
