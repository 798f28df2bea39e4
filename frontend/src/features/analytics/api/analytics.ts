import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { AnalyticsFunnel, AnalyticsMasterRow } from "@/lib/api/types";
import { isValidRange, type DateRange } from "@/lib/date-range";
import { downloadCsv } from "@/lib/download";
import { queryKeys } from "@/lib/query-keys";

// ---------------------------------------------------------------------------------------------
// SPEC 10.3 shapes. The funnel and the masters rows are the generated schema's; the summary and
// the days are typed here per metric key (the schema types them as open objects).
export const METRICS = [
  "appointments_created", "appointments_taken", "appointments_completed", "appointments_cancelled", "appointments_declined",
  "payments_confirmed", "payments_rejected", "revenue", "median_minutes_to_take", "median_minutes_to_confirm_payment",
  "sla_breaches", "new_clients", "new_masters", "active_masters", "messages_sent", "reviews_left",
] as const;
export type MetricKey = (typeof METRICS)[number];
/** Counts are numbers, `revenue` a decimal string, medians null when nothing happened. */
export type MetricValue = number | string | null;
export type MetricSummary = { value: MetricValue; previous: MetricValue; delta: MetricValue; delta_pct: number | null };
export type AnalyticsSummary = {
  range: { from: string; to: string; tz: string };
  previous_range: { from: string; to: string };
  metrics: Partial<Record<MetricKey, MetricSummary>>;
  freshness: { rolled_up_through: string | null; live_from: string | null };
};
export type AnalyticsDay = { date: string } & Partial<Record<MetricKey, MetricValue>>;
export type AnalyticsDaily = { tz: string; days: AnalyticsDay[] };
export type { AnalyticsFunnel } from "@/lib/api/types";
export type MasterRow = AnalyticsMasterRow;
// ---------------------------------------------------------------------------------------------

const opts = { placeholderData: keepPreviousData, staleTime: 60_000 } as const;

export const useAnalyticsSummary = (range: DateRange) =>
  useQuery({ queryKey: queryKeys.admin.analytics.summary(range), queryFn: ({ signal }) => apiRequest<AnalyticsSummary>("/admin/analytics/summary/", { query: range, signal }), enabled: isValidRange(range), ...opts });

export const useAnalyticsDaily = (range: DateRange) =>
  useQuery({ queryKey: queryKeys.admin.analytics.daily(range), queryFn: ({ signal }) => apiRequest<AnalyticsDaily>("/admin/analytics/daily/", { query: range, signal }), enabled: isValidRange(range), ...opts });

export const useAnalyticsFunnel = (range: DateRange) =>
  useQuery({ queryKey: queryKeys.admin.analytics.funnel(range), queryFn: ({ signal }) => apiRequest<AnalyticsFunnel>("/admin/analytics/funnel/", { query: range, signal }), enabled: isValidRange(range), ...opts });

/** Every list is paginated; a plain list is accepted too. */
export const useAnalyticsMasters = (range: DateRange) =>
  useQuery({
    queryKey: queryKeys.admin.analytics.masters(range),
    queryFn: async ({ signal }) => {
      const data = await apiRequest<MasterRow[] | { results: MasterRow[] }>("/admin/analytics/masters/", { query: { ...range, page_size: 100 }, signal });
      return Array.isArray(data) ? data : data.results;
    },
    enabled: isValidRange(range),
    ...opts,
  });

export const downloadDailyCsv = (range: DateRange) => downloadCsv("/admin/analytics/daily/", { ...range, metrics: METRICS.join(",") }, `analytics-${range.from}-${range.to}.csv`);
export const downloadMastersCsv = (range: DateRange) => downloadCsv("/admin/analytics/masters/", range, `masters-${range.from}-${range.to}.csv`);
