import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import type { ReactNode } from "react";
import { ErrorState, isNotFound } from "@/components/ui/states";
import { useAppointmentReviews } from "@/features/reviews/api/get-reviews";
import { ReviewCard } from "@/features/reviews/components/review-card";
import { formatDateTime } from "@/lib/format";

/** Both directions as far as the caller may see them: reviews stay sealed until both are in. */
export function AppointmentReviews({ appointmentId, frame }: { appointmentId: number; frame: (content: ReactNode) => ReactNode }) {
  const { t } = useTranslation();
  const reviews = useAppointmentReviews(appointmentId, true);
  if (reviews.isPending) return null;
  // Someone who may not see them (not a party to the request) gets 404: nothing to show.
  if (reviews.isError) return isNotFound(reviews.error) ? null : frame(<ErrorState error={reviews.error} onRetry={() => void reviews.refetch()} />);
  const { review_master: ofMaster, review_client: ofClient, window_closes_at: closes } = reviews.data;
  if (!ofMaster.submitted && !ofClient.submitted) return null;

  const part = (label: string, state: typeof ofMaster) => (
    <Stack spacing={0.5}>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      {state.review ? (
        <ReviewCard rating={state.review.rating} comment={state.review.comment} flags={state.review.flags} author={state.review.author.display_name} date={state.review.created_at} />
      ) : (
        <Typography variant="body2">{state.submitted ? t("reviews.sealed") : t("reviews.notYet")}</Typography>
      )}
    </Stack>
  );

  return frame(
    <Stack spacing={2} data-testid="appointment-reviews">
      {part(t("reviews.ofMaster"), ofMaster)}
      {part(t("reviews.ofClient"), ofClient)}
      {closes && (!ofMaster.submitted || !ofClient.submitted) && (
        <Typography variant="caption" color="text.secondary">
          {t("reviews.windowCloses", { date: formatDateTime(closes) })}
        </Typography>
      )}
    </Stack>,
  );
}
