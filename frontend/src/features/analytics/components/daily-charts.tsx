/**
 * The daily charts (SPEC 10.3 `daily/`). This module is the only importer of @mui/x-charts and is
 * loaded lazily by the analytics route, so the charts stay out of every other screen's JavaScript.
 */
import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Typography from "@mui/material/Typography";
import { BarChart } from "@mui/x-charts/BarChart";
import { LineChart } from "@mui/x-charts/LineChart";
import { useTranslation } from "react-i18next";
import type { AnalyticsDay, MetricKey } from "@/features/analytics/api/analytics";
import { formatMoney, formatNumber, locale, MARKET_CURRENCY } from "@/lib/format";

const COUNT_SERIES: MetricKey[] = ["appointments_created", "appointments_completed", "appointments_cancelled"];

export function DailyCharts({ days }: { days: AnalyticsDay[] }) {
  const { t } = useTranslation();
  const labels = days.map((d) => new Date(`${d.date}T00:00:00`).toLocaleDateString(locale(), { day: "numeric", month: "short" }));
  const series = (metric: MetricKey) => days.map((d) => Number(d[metric] ?? 0));
  return (
    <Box sx={{ display: "grid", gap: 2, gridTemplateColumns: { xs: "minmax(0,1fr)", lg: "repeat(2, minmax(0,1fr))" }, mb: 3 }}>
      <Card data-testid="chart-requests">
        <CardContent>
          <Typography variant="h3" component="h2">{t("analytics.chartRequests")}</Typography>
          <LineChart
            height={260}
            xAxis={[{ scaleType: "point", data: labels }]}
            yAxis={[{ min: 0, width: 64, valueFormatter: (v: number) => formatNumber(v) }]}
            series={COUNT_SERIES.map((metric) => ({ data: series(metric), label: t(`analytics.metric.${metric}`), showMark: days.length <= 31 }))}
            margin={{ left: 0, right: 8 }}
            slotProps={{ legend: { direction: "horizontal", position: { vertical: "bottom", horizontal: "center" } } }}
          />
        </CardContent>
      </Card>
      <Card data-testid="chart-revenue">
        <CardContent>
          <Typography variant="h3" component="h2">{t("analytics.chartRevenue")}</Typography>
          <BarChart
            height={260}
            xAxis={[{ scaleType: "band", data: labels }]}
            yAxis={[{ min: 0, width: 64, valueFormatter: (v: number) => formatNumber(v) }]}
            series={[{ data: series("revenue"), label: t("analytics.metric.revenue"), valueFormatter: (v: number | null) => formatMoney(v, MARKET_CURRENCY) }]}
            margin={{ left: 0, right: 8 }}
            slotProps={{ legend: { direction: "horizontal", position: { vertical: "bottom", horizontal: "center" } } }}
          />
        </CardContent>
      </Card>
    </Box>
  );
}
