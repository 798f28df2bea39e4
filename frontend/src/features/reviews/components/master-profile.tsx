import Box from "@mui/material/Box";
import Divider from "@mui/material/Divider";
import LinearProgress from "@mui/material/LinearProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import { EmptyState } from "@/components/ui/states";
import { ReviewCard } from "@/features/reviews/components/review-card";
import type { MasterPublic } from "@/lib/api/types";
import { formatDate, formatRating } from "@/lib/format";

export function MasterProfile({ master }: { master: MasterPublic }) {
  const { t } = useTranslation();
  const { average, count, distribution } = master.rating;
  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={3}>
        <Box>
          <Typography variant="h3" component="p" sx={{ fontSize: "2.5rem" }}>
            {average != null ? formatRating(average) : "—"}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {t("reviews.count", { count })}
          </Typography>
        </Box>
        <Stack spacing={0.5} sx={{ flexGrow: 1, maxWidth: 360 }} aria-label={t("reviews.distribution")}>
          {[5, 4, 3, 2, 1].map((stars) => {
            const n = distribution[String(stars)] ?? 0;
            return (
              <Stack key={stars} direction="row" spacing={1} sx={{ alignItems: "center" }}>
                <Typography variant="caption" sx={{ width: 24 }}>
                  {stars}★
                </Typography>
                <LinearProgress variant="determinate" value={count ? (n / count) * 100 : 0} sx={{ flexGrow: 1, height: 8, borderRadius: 4 }} aria-label={`${stars}★: ${n}`} />
                <Typography variant="caption" sx={{ width: 24, textAlign: "right" }}>
                  {n}
                </Typography>
              </Stack>
            );
          })}
        </Stack>
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {t("reviews.memberSince", { date: formatDate(master.member_since) })} · {t("reviews.completedJobs", { count: master.completed_jobs })}
      </Typography>
      {master.bio && <Typography sx={{ whiteSpace: "pre-wrap" }}>{master.bio}</Typography>}
      <Divider />
      {!master.reviews.length && <EmptyState title={t("reviews.none")} />}
      <Stack spacing={2} divider={<Divider flexItem />}>
        {master.reviews.map((review) => (
          <ReviewCard key={review.id} rating={review.rating} comment={review.comment} flags={review.flags} author={review.author_name} date={review.published_at ?? review.created_at} />
        ))}
      </Stack>
    </Stack>
  );
}
