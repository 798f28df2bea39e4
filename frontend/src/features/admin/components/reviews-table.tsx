import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Link from "@mui/material/Link";
import Rating from "@mui/material/Rating";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import { DataTable } from "@/components/ui/data-table";
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
      <DataTable
        items={items}
        label={t("nav.adminReviews")}
        rowKey={(r) => r.id}
        rowProps={() => ({ "data-testid": "review-row" })}
        columns={[
          {
            key: "who",
            label: t("moderation.whoAboutWhom"),
            primary: true,
            render: (review) => (
              <>
                <Typography variant="body2" sx={{ fontWeight: 600 }}>
                  {review.author.display_name} → {review.subject.display_name}
                </Typography>
                <Typography variant="caption" color="text.secondary" component="p">
                  {review.direction === "client_to_master" ? t("reviews.ofMaster") : t("reviews.ofClient")}
                </Typography>
              </>
            ),
          },
          {
            key: "appointment",
            label: t("moderation.request"),
            render: (review) => (
              <Link component={RouterLink} to={`/appointments/${review.appointment}`}>
                #{review.appointment}
              </Link>
            ),
          },
          { key: "rating", label: t("reviews.rating"), render: (review) => <Rating value={review.rating} readOnly size="small" aria-label={t("reviews.ratingValue", { rating: review.rating })} /> },
          {
            key: "comment",
            label: t("reviews.comment"),
            render: (review) => (
              <>
                <Typography variant="body2">{review.comment || "—"}</Typography>
                {review.flags.map((flag) => (
                  <Chip key={flag} size="small" variant="outlined" label={t(`reviews.flag.${flag}`, { defaultValue: flag })} sx={{ mr: 0.5, mt: 0.5 }} />
                ))}
              </>
            ),
          },
          {
            key: "state",
            label: t("admin.state"),
            render: (review) =>
              review.is_hidden ? (
                <Chip size="small" color="error" label={t("moderation.hidden")} title={review.hidden_reason} />
              ) : review.is_published ? (
                <Chip size="small" color="success" variant="outlined" label={t("moderation.published")} />
              ) : (
                <Chip size="small" variant="outlined" label={t("moderation.sealed")} />
              ),
          },
          { key: "when", label: t("audit.when"), nowrap: true, render: (review) => formatDateTime(review.created_at) },
        ]}
        actionsLabel={t("appointments.actions")}
        actions={(review) => (
          <Button size="small" variant="outlined" color={review.is_hidden ? "primary" : "error"} onClick={() => { setReason(""); setTarget(review); }}>
            {review.is_hidden ? t("moderation.unhide") : t("moderation.hide")}
          </Button>
        )}
      />
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
