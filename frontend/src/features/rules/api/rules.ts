import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiRequest, type Paginated } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { components } from "@/lib/api/schema";
import { rulesChanged } from "@/lib/query-invalidation";

// ---------------------------------------------------------------------------------------------
// SPEC 10.1 shapes, typed by hand: the generated schema has these endpoints but types trigger,
// conditions, actions, the catalog and the trace as open JSON (`unknown`); these say what is in them.
export type RuleTrigger = { type: "event"; event: string } | { type: "duration"; status: string; hours: number };
/** An action as stored: `{type, params: {...}}` (a flat `{type, ...params}` is read too). */
export type RuleAction = { type: string; params?: Record<string, unknown>; [key: string]: unknown };
export type Rule = {
  id: number;
  name: string;
  description: string;
  enabled: boolean;
  mode: "live" | "shadow";
  priority: number;
  stop_processing: boolean;
  trigger: RuleTrigger;
  conditions: unknown;
  actions: RuleAction[];
  version: number;
  updated_at: string;
  updated_by: unknown;
};
export type RuleInput = Omit<Rule, "id" | "version" | "updated_at" | "updated_by">;
/** A rule in the list: with the run log's figures the list endpoint computes (generated type). */
export type RuleListItem = Rule & Pick<components["schemas"]["RuleList"], "last_run_at" | "runs_7d" | "errors_7d">;
export type CatalogParam = { name: string; type: string; required: boolean; choices?: unknown[]; label?: string };
export type RuleCatalog = {
  triggers: unknown;
  fields: { field: string; type: string; label: string; ops: string[]; choices?: unknown[] }[];
  actions: { type: string; label: string; params: CatalogParam[] }[];
  limits: Record<string, number>;
};
export type RuleValidationError = { path: string; code?: string; detail: string };
export type DryRunResult = {
  matched: boolean;
  trace: { path: string; field?: string; op?: string; expected?: unknown; actual?: unknown; result: boolean | null }[];
  actions: unknown[];
};
export type RuleRun = {
  id: number;
  rule: number | { id: number; name?: string };
  rule_version: number;
  event: unknown;
  appointment: number | { id: number } | null;
  outcome: "matched" | "not_matched" | "error" | "shadow";
  trace: DryRunResult["trace"];
  actions: { type: string; ok: boolean; detail?: string }[];
  duration_us: number;
  created_at: string;
};
// ---------------------------------------------------------------------------------------------

export const ruleCatalogQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.admin.rules.catalog(), queryFn: ({ signal }) => apiRequest<RuleCatalog>("/admin/rules/catalog/", { signal }), staleTime: 5 * 60_000 });
export const useRuleCatalog = () => useQuery(ruleCatalogQueryOptions());

export const useRules = (params: { page?: number; page_size?: number }) =>
  useQuery({
    queryKey: queryKeys.admin.rules.list(params),
    queryFn: ({ signal }) => apiRequest<Paginated<RuleListItem>>("/admin/rules/", { query: params, signal }),
    placeholderData: keepPreviousData,
  });

export const useRule = (id: number | null) =>
  useQuery({ queryKey: queryKeys.admin.rules.detail(id ?? 0), queryFn: ({ signal }) => apiRequest<Rule>(`/admin/rules/${id}/`, { signal }), enabled: id !== null });

export function useSaveRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: Partial<RuleInput> }) =>
      id === null ? apiRequest<Rule>("/admin/rules/", { method: "POST", json: body }) : apiRequest<Rule>(`/admin/rules/${id}/`, { method: "PATCH", json: body }),
    onSuccess: (rule) => {
      queryClient.setQueryData(queryKeys.admin.rules.detail(rule.id), rule);
      rulesChanged(queryClient);
    },
  });
}

export function useDeleteRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiRequest<null>(`/admin/rules/${id}/`, { method: "DELETE" }),
    onSuccess: () => rulesChanged(queryClient),
  });
}

export const useValidateRule = () =>
  useMutation({ mutationFn: (body: Pick<RuleInput, "trigger" | "conditions" | "actions">) => apiRequest<{ valid: boolean }>("/admin/rules/validate/", { method: "POST", json: body }) });

export const useDryRun = () =>
  useMutation({
    mutationFn: ({ id, rule, appointmentId }: { id: number | null; rule: Partial<RuleInput>; appointmentId: number }) =>
      id === null
        ? apiRequest<DryRunResult>("/admin/rules/dry-run/", { method: "POST", json: { rule, appointment_id: appointmentId } })
        : apiRequest<DryRunResult>(`/admin/rules/${id}/dry-run/`, { method: "POST", json: { appointment_id: appointmentId } }),
  });

export type RunFilters = { rule?: number; appointment?: string; outcome?: string; page?: number; page_size?: number };
export const useRuleRuns = (filters: RunFilters) =>
  useQuery({
    queryKey: queryKeys.admin.rules.runs(filters),
    queryFn: ({ signal }) => apiRequest<Paginated<RuleRun>>("/admin/rule-runs/", { query: filters, signal }),
    placeholderData: keepPreviousData,
  });

/** The `errors` list of a 400 `invalid_rule` answer (SPEC 10.1), or none. */
export function ruleErrors(error: unknown): RuleValidationError[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  const errors = error.body.errors as unknown;
  if (Array.isArray(errors)) return errors.filter((e): e is RuleValidationError => typeof e === "object" && e !== null && "path" in e);
  // DRF field errors ({name: ["..."]}) on the rule's own fields.
  if (errors && typeof errors === "object")
    return Object.entries(errors as Record<string, unknown>).map(([path, messages]) => ({ path, detail: Array.isArray(messages) ? String(messages[0]) : String(messages) }));
  return [];
}
