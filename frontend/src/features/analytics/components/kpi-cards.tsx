import ArrowDownwardIcon from "@mui/icons-material/ArrowDownward";
import ArrowUpwardIcon from "@mui/icons-material/ArrowUpward";
import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import { METRICS, type AnalyticsSummary, type MetricKey, type MetricValue } from "@/features/analytics/api/analytics";
import { deltaView } from "@/features/analytics/components/delta";
import { formatNumber, formatPercent, locale, MARKET_CURRENCY } from "@/lib/format";

export function formatMetric(metric: MetricKey, value: MetricValue | undefined): string {
  if (value === null || value === undefined) return "—";
  if (metric === "revenue") return Number.isNaN(Number(value)) ? String(value) : formatRevenue(value);
  if (metric.startsWith("median_")) return formatNumber(Number(value), 1);
  return formatNumber(Number(value));
}

/** Read by screen readers, not shown (the arrow and colour say it on screen). */
const visuallyHidden = { position: "absolute", width: "1px", height: "1px", m: "-1px", p: 0, border: 0, overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" } as const;

/** KPI figures are read at a glance: whole currency units. */
const formatRevenue = (value: MetricValue) =>
  new Intl.NumberFormat(locale(), { style: "currency", currency: MARKET_CURRENCY, currencyDisplay: "narrowSymbol", maximumFractionDigits: 0 }).format(Number(value));

const TONE_COLOR = { good: "success.main", bad: "error.main", neutral: "text.secondary" } as const;

export function KpiCard({ metric, summary }: { metric: MetricKey; summary: AnalyticsSummary["metrics"][MetricKey] }) {
  const { t } = useTranslation();
  const delta = deltaView(metric, summary, (pct) => formatPercent(Math.round(pct)));
  return (
    <Card data-testid="kpi-card" data-metric={metric}>
      <CardContent sx={{ p: { xs: 1.5, sm: 2 } }}>
        <Typography variant="body2" color="text.secondary" sx={{ minHeight: "2.86em" }}>
          {t(`analytics.metric.${metric}`)}
        </Typography>
        <Typography variant="h4" component="p" sx={{ fontWeight: 600, mt: 0.5, overflowWrap: "break-word" }} data-testid="kpi-value">
          {formatMetric(metric, summary?.value)}
        </Typography>
        <Typography
          variant="body2"
          component="p"
          sx={{ display: "flex", alignItems: "center", gap: 0.25, color: TONE_COLOR[delta.tone], fontWeight: 600 }}
          data-testid="kpi-delta"
          data-direction={delta.direction ?? "none"}
          data-tone={delta.tone}
          title={t("analytics.deltaTitle")}
        >
          {delta.direction === "up" && <ArrowUpwardIcon fontSize="inherit" aria-hidden />}
          {delta.direction === "down" && <ArrowDownwardIcon fontSize="inherit" aria-hidden />}
          <span>{delta.text}</span>
          <Box component="span" sx={visuallyHidden}>
            {delta.direction ? t(`analytics.delta_${delta.tone}`) : t("analytics.noPrevious")}
          </Box>
        </Typography>
      </CardContent>
    </Card>
  );
}

export function KpiCards({ summary }: { summary: AnalyticsSummary }) {
  const shown = METRICS.filter((m) => m in summary.metrics);
  return (
    <Box sx={{ display: "grid", gap: 1.5, gridTemplateColumns: { xs: "repeat(2, minmax(0, 1fr))", md: "repeat(4, minmax(0, 1fr))" }, mb: 3 }} data-testid="kpi-cards">
      {shown.map((metric) => (
        <KpiCard key={metric} metric={metric} summary={summary.metrics[metric]} />
      ))}
    </Box>
  );
}
