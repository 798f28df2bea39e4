import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip, { type ChipProps } from "@mui/material/Chip";
import Divider from "@mui/material/Divider";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { toImprove, type Score, type ScoreReason } from "@/features/scores/api/scores";
import { formatDateTime, formatNumber } from "@/lib/format";

const LEVEL_COLORS: Record<string, ChipProps["color"]> = {
  low: "success", medium: "warning", high: "error", excellent: "success", good: "success", fair: "warning", poor: "error", insufficient_data: "default",
};

export function LevelChip({ level }: { level: string }) {
  const { t } = useTranslation();
  return <Chip size="small" color={LEVEL_COLORS[level] ?? "default"} label={t(`scores.level.${level}`, { defaultValue: level })} data-testid="level-chip" data-level={level} />;
}

const signed = (points: number) => (points > 0 ? `+${formatNumber(points)}` : points < 0 ? `−${formatNumber(-points)}` : formatNumber(points));
const byName = (by: NonNullable<Score["override"]>["by"]) => (by && typeof by === "object" ? by.display_name || by.username || "" : by ?? "");

/** Each reason with its points; the points add up to the score, shown as the last line. */
export function ReasonList({ reasons, score }: { reasons: ScoreReason[]; score: number | null }) {
  const { t } = useTranslation();
  if (!reasons.length) return <Typography variant="body2" color="text.secondary">{t("scores.reasonsEmpty")}</Typography>;
  return (
    <Stack component="ul" divider={<Divider component="li" aria-hidden flexItem />} spacing={0.5} sx={{ listStyle: "none", p: 0, m: 0 }} aria-label={t("scores.reasons")}>
      {reasons.map((reason) => (
        <Stack component="li" key={reason.code} direction="row" sx={{ justifyContent: "space-between", gap: 2 }} data-testid="score-reason">
          <Typography variant="body2">{reason.label}</Typography>
          <Typography variant="body2" sx={{ fontWeight: 600, color: reason.points < 0 ? "error.main" : reason.points > 0 ? "success.main" : undefined, whiteSpace: "nowrap" }}>
            {signed(reason.points)}
          </Typography>
        </Stack>
      ))}
      {score !== null && (
        <Stack component="li" direction="row" sx={{ justifyContent: "space-between", gap: 2 }} data-testid="score-sum">
          <Typography variant="body2" sx={{ fontWeight: 600 }}>{t("scores.sum")}</Typography>
          <Typography variant="body2" sx={{ fontWeight: 700 }}>{formatNumber(score)}</Typography>
        </Stack>
      )}
    </Stack>
  );
}

/** A score as the admin sees it: level, score, sample, reasons, override; `actions` for the buttons. */
export function ScoreCard({ title, score, actions, testId }: { title: string; score: Score; actions?: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Card data-testid={testId}>
      <CardContent>
        <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center", gap: 1, flexWrap: "wrap", mb: 1 }}>
          <Typography variant="h3" component="h2">{title}</Typography>
          <LevelChip level={score.level} />
        </Stack>
        <Typography variant="h4" component="p" sx={{ fontWeight: 600 }} data-testid="score-value">
          {score.score === null ? t("scores.noScore") : t("scores.scoreOf", { score: formatNumber(score.score) })}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {t("scores.sample", { count: score.sample.count, days: score.sample.window_days })}
          {score.computed_at ? ` · ${t("scores.computedAt", { date: formatDateTime(score.computed_at) })}` : ""}
        </Typography>
        {score.override && (
          <Alert severity="info" sx={{ mb: 1.5 }} data-testid="score-override">
            {t("scores.overridden", { level: t(`scores.level.${score.override.level}`, { defaultValue: score.override.level }), reason: score.override.reason })}
            {/* Who and until when, each on a line of its own: the reason is free text and may not end in a period. */}
            {byName(score.override.by) && <Box component="span" sx={{ display: "block" }}>{t("scores.overriddenBy", { by: byName(score.override.by) })}</Box>}
            {score.override.expires_at && <Box component="span" sx={{ display: "block" }}>{t("scores.overriddenUntil", { date: formatDateTime(score.override.expires_at) })}</Box>}
          </Alert>
        )}
        {/* No score (too few appointments), even when an override sets the level shown. */}
        {score.score === null ? (
          <Typography variant="body2" color="text.secondary">{t("scores.insufficient")}</Typography>
        ) : (
          <>
            <Typography variant="subtitle1" component="h3" sx={{ mb: 0.5 }}>{t("scores.reasons")}</Typography>
            <ReasonList reasons={score.reasons} score={score.score} />
          </>
        )}
        {actions && <Box sx={{ display: "flex", gap: 1, flexWrap: "wrap", mt: 2 }}>{actions}</Box>}
      </CardContent>
    </Card>
  );
}

/** The master's own card on the dashboard: score, level, and what would raise it. */
export function PerformanceCard({ performance }: { performance: Score }) {
  const { t } = useTranslation();
  const improve = toImprove(performance.reasons);
  return (
    <Card data-testid="performance-card" sx={{ mb: 2 }}>
      <CardContent>
        <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center", gap: 1, flexWrap: "wrap", mb: 1 }}>
          <Typography variant="h3" component="h2">{t("scores.performanceCard")}</Typography>
          <LevelChip level={performance.level} />
        </Stack>
        {performance.score === null ? (
          <Typography variant="body2" color="text.secondary">{t("scores.performanceInsufficient")}</Typography>
        ) : (
          <>
            <Typography variant="h4" component="p" sx={{ fontWeight: 600 }} data-testid="score-value">
              {t("scores.scoreOf", { score: formatNumber(performance.score) })}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
              {t("scores.sample", { count: performance.sample.count, days: performance.sample.window_days })}
            </Typography>
            <Typography variant="subtitle1" component="h3" sx={{ mb: 0.5 }}>{t("scores.toRaise")}</Typography>
            {improve.length ? (
              <Stack component="ul" spacing={0.5} sx={{ pl: 2.5, m: 0 }} data-testid="to-improve">
                {improve.map((reason) => (
                  <Typography component="li" variant="body2" key={reason.code}>
                    {reason.label} <Box component="span" sx={{ color: "error.main", fontWeight: 600 }}>({signed(reason.points)})</Box>
                  </Typography>
                ))}
              </Stack>
            ) : (
              <Typography variant="body2" color="text.secondary">{t("scores.nothingToRaise")}</Typography>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
