import DownloadIcon from "@mui/icons-material/Download";
import Button from "@mui/material/Button";
import Typography from "@mui/material/Typography";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { DateRangePicker } from "@/components/ui/date-range-picker";
import { Page } from "@/components/ui/page";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toaster";
import { downloadDailyCsv, downloadMastersCsv, useAnalyticsDaily, useAnalyticsFunnel, useAnalyticsMasters, useAnalyticsSummary } from "@/features/analytics/api/analytics";
import { Funnel } from "@/features/analytics/components/funnel";
import { KpiCards } from "@/features/analytics/components/kpi-cards";
import { AnalyticsMastersTable } from "@/features/analytics/components/masters-table";
import { isValidRange, presetRange, type DateRange } from "@/lib/date-range";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";

// The charts library is heavy: its own chunk, fetched when this screen draws its first chart.
const DailyCharts = lazy(async () => ({ default: (await import("@/features/analytics/components/daily-charts")).DailyCharts }));

export function AdminAnalyticsRoute() {
  const { t } = useTranslation();
  const toast = useToast();
  const [range, setRange] = useState<DateRange>(() => presetRange("d30"));
  const valid = isValidRange(range);
  const summary = useAnalyticsSummary(range);
  const daily = useAnalyticsDaily(range);
  const funnel = useAnalyticsFunnel(range);
  const masters = useAnalyticsMasters(range);
  const download = (run: () => Promise<void>) => run().catch((error: unknown) => toast.error(errorMessage(error, t)));

  return (
    <Page
      title={t("nav.adminAnalytics")}
      subtitle={
        summary.data
          ? t("analytics.subtitle", { from: formatDate(summary.data.previous_range.from), to: formatDate(summary.data.previous_range.to), tz: summary.data.range.tz })
          : undefined
      }
      actions={
        <Button variant="outlined" startIcon={<DownloadIcon />} disabled={!valid} onClick={() => download(() => downloadDailyCsv(range))}>
          {t("analytics.downloadCsv")}
        </Button>
      }
    >
      <DateRangePicker value={range} onChange={setRange} />
      {!valid && <Typography color="error" role="alert">{t("errors.invalid_range")}</Typography>}
      {summary.isPending && <LoadingState />}
      {summary.isError && <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />}
      {summary.data && <KpiCards summary={summary.data} />}
      {daily.isError && <ErrorState error={daily.error} onRetry={() => void daily.refetch()} />}
      {daily.data && (daily.data.days.length ? (
        <Suspense fallback={<LoadingState />}>
          <DailyCharts days={daily.data.days} />
        </Suspense>
      ) : (
        <EmptyState title={t("analytics.empty")} />
      ))}
      {funnel.isError && <ErrorState error={funnel.error} onRetry={() => void funnel.refetch()} />}
      {funnel.data && funnel.data.steps.length > 0 && <Funnel funnel={funnel.data} />}
      <Typography variant="h3" component="h2" sx={{ mb: 1.5, display: "flex", justifyContent: "space-between", alignItems: "center", gap: 1, flexWrap: "wrap" }}>
        {t("analytics.masters")}
        <Button size="small" startIcon={<DownloadIcon />} disabled={!valid} onClick={() => download(() => downloadMastersCsv(range))}>
          {t("analytics.downloadCsv")}
        </Button>
      </Typography>
      {masters.isPending && <LoadingState />}
      {masters.isError && <ErrorState error={masters.error} onRetry={() => void masters.refetch()} />}
      {masters.data && (masters.data.length ? <AnalyticsMastersTable rows={masters.data} /> : <EmptyState title={t("analytics.mastersEmpty")} />)}
    </Page>
  );
}
