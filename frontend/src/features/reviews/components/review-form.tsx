import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Rating from "@mui/material/Rating";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useToast } from "@/components/ui/toaster";
import { REVIEW_FLAGS, useLeaveReview, type ReviewDirection } from "@/features/reviews/api/leave-review";
import { errorMessage } from "@/lib/errors";

export function ReviewForm({ appointmentId, direction }: { appointmentId: number; direction: ReviewDirection }) {
  const { t } = useTranslation();
  const toast = useToast();
  const review = useLeaveReview(appointmentId, direction);
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const [flags, setFlags] = useState<string[]>([]);
  const ratingLabel = useId();

  const toggle = (flag: string) => setFlags((current) => (current.includes(flag) ? current.filter((f) => f !== flag) : [...current, flag]));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!rating) return;
    review.mutate(
      // The chips offer only this direction's vocabulary (REVIEW_FLAGS), so the flags are of its enum.
      { rating, comment: comment.trim(), flags } as Parameters<typeof review.mutate>[0],
      { onSuccess: () => toast.success(t("reviews.thanks")) },
    );
  };

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate data-testid={`review-form-${direction}`} aria-label={t(`reviews.${direction}`)}>
      <Typography variant="h3" component="h3">
        {t(`reviews.${direction}`)}
      </Typography>
      {review.isError && <Alert severity="error">{errorMessage(review.error, t)}</Alert>}
      <Box>
        <Typography id={ratingLabel} variant="body2" color="text.secondary">
          {t("reviews.rating")}
        </Typography>
        <Rating name={`rating-${direction}`} value={rating} onChange={(_, value) => setRating(value)} size="large" aria-labelledby={ratingLabel} />
      </Box>
      <Box role="group" aria-label={t("reviews.flags")}>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          {t("reviews.flags")}
        </Typography>
        <Stack direction="row" sx={{ flexWrap: "wrap", gap: 1 }}>
          {REVIEW_FLAGS[direction].map(({ flag, tone }) => (
            <Chip
              key={flag}
              label={t(`reviews.flag.${flag}`)}
              onClick={() => toggle(flag)}
              color={flags.includes(flag) ? (tone === "positive" ? "success" : "warning") : "default"}
              variant={flags.includes(flag) ? "filled" : "outlined"}
              aria-pressed={flags.includes(flag)}
            />
          ))}
        </Stack>
      </Box>
      <TextField label={t("reviews.comment")} name="comment" value={comment} onChange={(e) => setComment(e.target.value)} multiline minRows={2} slotProps={{ htmlInput: { maxLength: 2000 } }} />
      <Button type="submit" variant="contained" disabled={!rating || review.isPending} sx={{ alignSelf: "flex-start" }}>
        {t("reviews.submit")}
      </Button>
    </Stack>
  );
}
