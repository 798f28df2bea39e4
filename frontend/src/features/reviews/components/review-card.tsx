import Box from "@mui/material/Box";
import Chip from "@mui/material/Chip";
import Rating from "@mui/material/Rating";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import { formatDate } from "@/lib/format";

type Props = { rating: number; comment?: string; flags?: readonly string[]; author?: string; date?: string | null };

export function ReviewCard({ rating, comment, flags = [], author, date }: Props) {
  const { t } = useTranslation();
  return (
    <Box data-testid="review">
      <Stack direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap" }}>
        <Rating value={rating} readOnly size="small" aria-label={t("reviews.ratingValue", { rating })} />
        {author && (
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            {author}
          </Typography>
        )}
        {date && (
          <Typography variant="caption" color="text.secondary">
            {formatDate(date)}
          </Typography>
        )}
      </Stack>
      {flags.length > 0 && (
        <Stack direction="row" sx={{ gap: 0.5, flexWrap: "wrap", mt: 0.5 }}>
          {flags.map((flag) => (
            <Chip key={flag} size="small" variant="outlined" label={t(`reviews.flag.${flag}`, { defaultValue: flag })} />
          ))}
        </Stack>
      )}
      {comment && (
        <Typography variant="body2" sx={{ mt: 0.5, whiteSpace: "pre-wrap", overflowWrap: "break-word" }}>
          {comment}
        </Typography>
      )}
    </Box>
  );
}
