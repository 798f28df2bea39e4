import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Link from "@mui/material/Link";
import Paper from "@mui/material/Paper";
import Rating from "@mui/material/Rating";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableContainer from "@mui/material/TableContainer";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import { FormDialog } from "@/components/ui/form-dialog";
import { useToast } from "@/components/ui/toaster";
import { useModerateReview } from "@/features/admin/api/admin-reviews";
import type { AdminReview } from "@/lib/api/types";
import { formatDateTime } from "@/lib/format";

export function ReviewsTable({ items }: { items: AdminReview[] }) {
  const { t } = useTranslation();
  const toast = useToast();
  const moderate = useModerateReview();
  const [target, setTarget] = useState<AdminReview | null>(null);
  const [reason, setReason] = useState("");

  return (
    <>
      <TableContainer component={Paper} variant="outlined">
        <Table size="small" aria-label={t("nav.adminReviews")}>
          <TableHead>
            <TableRow>
              <TableCell>{t("audit.when")}</TableCell>
              <TableCell>{t("appointments.list")}</TableCell>
              <TableCell>{t("moderation.whoAboutWhom")}</TableCell>
              <TableCell>{t("reviews.rating")}</TableCell>
              <TableCell>{t("reviews.comment")}</TableCell>
              <TableCell>{t("admin.state")}</TableCell>
              <TableCell>{t("appointments.actions")}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map((review) => (
              <TableRow key={review.id} data-testid="review-row">
                <TableCell sx={{ whiteSpace: "nowrap" }}>{formatDateTime(review.created_at)}</TableCell>
                <TableCell>
                  <Link component={RouterLink} to={`/appointments/${review.appointment}`}>
                    #{review.appointment}
                  </Link>
                </TableCell>
                <TableCell>
                  {review.author.display_name} → {review.subject.display_name}
                </TableCell>
                <TableCell>
                  <Rating value={review.rating} readOnly size="small" aria-label={t("reviews.ratingValue", { rating: review.rating })} />
                </TableCell>
                <TableCell sx={{ maxWidth: 320 }}>
                  <Typography variant="body2" sx={{ overflowWrap: "anywhere" }}>
                    {review.comment || "—"}
                  </Typography>
                  {review.flags.map((flag) => (
                    <Chip key={flag} size="small" variant="outlined" label={t(`reviews.flag.${flag}`, { defaultValue: flag })} sx={{ mr: 0.5, mt: 0.5 }} />
                  ))}
                </TableCell>
                <TableCell>
                  {review.is_hidden ? (
                    <Chip size="small" color="error" label={t("moderation.hidden")} title={review.hidden_reason} />
                  ) : review.is_published ? (
                    <Chip size="small" color="success" variant="outlined" label={t("moderation.published")} />
                  ) : (
                    <Chip size="small" variant="outlined" label={t("moderation.sealed")} />
                  )}
                </TableCell>
                <TableCell>
                  <Button size="small" color={review.is_hidden ? "primary" : "error"} onClick={() => { setReason(""); setTarget(review); }}>
                    {review.is_hidden ? t("moderation.unhide") : t("moderation.hide")}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {target && (
        <FormDialog
          open
          destructive={!target.is_hidden}
          title={target.is_hidden ? t("moderation.unhide") : t("moderation.hide")}
          submitLabel={target.is_hidden ? t("moderation.unhide") : t("moderation.hide")}
          onClose={() => setTarget(null)}
          submitDisabled={!reason.trim()}
          onSubmit={() => moderate.mutateAsync({ id: target.id, hide: !target.is_hidden, reason: reason.trim() }).then(() => toast.success(t("common.saved")))}
        >
          <Typography variant="body2">{target.is_hidden ? t("moderation.unhideHelp") : t("moderation.hideHelp")}</Typography>
          <TextField label={t("common.reason")} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required multiline minRows={2} autoFocus />
        </FormDialog>
      )}
    </>
  );
}
