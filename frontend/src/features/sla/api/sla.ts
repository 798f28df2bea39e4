import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest, type Paginated } from "@/lib/api-client";
import type { SlaBreach } from "@/lib/api/types";
import { downloadCsv } from "@/lib/download";
import type { SlaReportRow } from "@/lib/api/types";
import { queryKeys } from "@/lib/query-keys";
import { slaPolicyChanged } from "@/lib/query-invalidation";

// ---------------------------------------------------------------------------------------------
// SPEC 10.4 shapes. Breaches and report rows are the generated schema's; the policy is typed here
// per stage (the schema's `Targets` has one optional key per stage, the same thing).
export const SLA_STAGES = ["take", "price", "pay", "confirm_payment", "start", "complete"] as const;
export type SlaStageKey = (typeof SLA_STAGES)[number];
export type SlaTarget = { minutes: number; warn_before_minutes: number; business_hours: boolean };
export type SlaWeekday = { day: number; open: string; close: string };
export type SlaPolicy = {
  targets: Partial<Record<SlaStageKey, SlaTarget>>;
  calendar: { weekly: SlaWeekday[]; holidays: string[] };
  auto_cancel_unpaid_hours: number | null;
  version: number;
};
export type { SlaBreach, SlaReportRow } from "@/lib/api/types";
// ---------------------------------------------------------------------------------------------

export type BreachFilters = { stage?: string; master?: string; from?: string; to?: string; page?: number; page_size?: number };

export const slaPolicyQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.admin.sla.policy(),
    queryFn: ({ signal }) => apiRequest<SlaPolicy>("/admin/sla/policy/", { signal }),
  });

export const useSlaPolicy = () => useQuery(slaPolicyQueryOptions());

export function useSaveSlaPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (policy: Omit<SlaPolicy, "version">) => apiRequest<SlaPolicy>("/admin/sla/policy/", { method: "PUT", json: policy }),
    onSuccess: (data) => {
      slaPolicyChanged(queryClient);
      queryClient.setQueryData(queryKeys.admin.sla.policy(), data);
    },
  });
}

export const useSlaBreaches = (filters: BreachFilters) =>
  useQuery({
    queryKey: queryKeys.admin.sla.breaches(filters),
    queryFn: ({ signal }) => apiRequest<Paginated<SlaBreach>>("/admin/sla/breaches/", { query: filters, signal }),
    placeholderData: keepPreviousData,
  });

/** The report is "per stage": a list, or an object that holds it (`stages`/`results`). */
function reportRows(data: unknown): SlaReportRow[] {
  if (Array.isArray(data)) return data as SlaReportRow[];
  const box = (data ?? {}) as { stages?: unknown; results?: unknown };
  if (Array.isArray(box.stages)) return box.stages as SlaReportRow[];
  if (Array.isArray(box.results)) return box.results as SlaReportRow[];
  return [];
}

export const useSlaReport = (range: { from?: string; to?: string }) =>
  useQuery({
    queryKey: queryKeys.admin.sla.report(range),
    queryFn: async ({ signal }) => reportRows(await apiRequest<unknown>("/admin/sla/report/", { query: range, signal })),
    placeholderData: keepPreviousData,
  });

export function downloadBreachesCsv(filters: BreachFilters) {
  const { page: _page, page_size: _size, ...rest } = filters;
  return downloadCsv("/admin/sla/breaches/", rest, `sla-breaches-${rest.from ?? ""}-${rest.to ?? ""}.csv`);
}
