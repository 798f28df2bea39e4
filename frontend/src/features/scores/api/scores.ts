import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { ClientRiskLevel, PerformanceLevel } from "@/lib/api/types";
import { queryKeys } from "@/lib/query-keys";
import { scoreOverridden } from "@/lib/query-invalidation";

// ---------------------------------------------------------------------------------------------
// SPEC 10 shapes until the generated schema has them (SPEC 10.2). Swap for `Schemas[...]` aliases
// from `@/lib/api/types` after `npm run gen:api` includes the score endpoints.
export type ScoreReason = { code: string; label: string; points: number; evidence?: unknown };
export type ScoreOverride = { level: string; reason: string; by: string | { id?: number; username?: string; display_name?: string } | null; expires_at: string | null };
export type Score<L extends string = string> = {
  score: number | null;
  level: L;
  reasons: ScoreReason[];
  sample: { count: number; window_days: number };
  model_version: string | number;
  computed_at: string | null;
  override: ScoreOverride | null;
};
export type ClientRisk = Score<ClientRiskLevel>;
export type MasterPerformance = Score<PerformanceLevel>;
export type RiskOverrideInput = { level: ClientRiskLevel; reason: string; expires_at?: string };
// ---------------------------------------------------------------------------------------------

export const RISK_LEVELS: ClientRiskLevel[] = ["low", "medium", "high"];

export const riskQueryOptions = (userId: number) =>
  queryOptions({
    queryKey: queryKeys.admin.risk(userId),
    queryFn: ({ signal }) => apiRequest<ClientRisk>(`/admin/users/${userId}/risk/`, { signal }),
  });

export const useClientRisk = (userId: number, enabled = true) => useQuery({ ...riskQueryOptions(userId), enabled });

export const useMasterPerformance = (userId: number, enabled = true) =>
  useQuery({
    queryKey: queryKeys.admin.performance(userId),
    queryFn: ({ signal }) => apiRequest<MasterPerformance>(`/admin/masters/${userId}/performance/`, { signal }),
    enabled,
  });

export function useOverrideRisk(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RiskOverrideInput) => apiRequest<ClientRisk | null>(`/admin/users/${userId}/risk/override/`, { method: "POST", json: input }),
    onSuccess: () => scoreOverridden(queryClient, userId),
  });
}

export function useRemoveRiskOverride(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<null>(`/admin/users/${userId}/risk/override/`, { method: "DELETE" }),
    onSuccess: () => scoreOverridden(queryClient, userId),
  });
}

/** The reasons that cost points, worst first: what would raise a score. */
export const toImprove = (reasons: ScoreReason[]) => reasons.filter((r) => r.points < 0).sort((a, b) => a.points - b.points);
