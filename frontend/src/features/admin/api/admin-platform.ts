import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest, type Paginated } from "@/lib/api-client";
import type { AuditEntry, FeatureFlag, PlatformEvent } from "@/lib/api/types";
import { queryKeys } from "@/lib/query-keys";
import { flagsChanged } from "@/lib/query-invalidation";

export type FlagInput = { key?: string; description?: string; enabled?: boolean; rollout_percent?: number; roles?: string[] };

export const adminFlagsQueryOptions = (page: number) =>
  queryOptions({
    queryKey: queryKeys.admin.flags(page),
    queryFn: ({ signal }) => apiRequest<Paginated<FeatureFlag>>("/admin/flags/", { query: { page, page_size: 50 }, signal }),
    placeholderData: keepPreviousData,
  });

export const useAdminFlags = (page: number) => useQuery(adminFlagsQueryOptions(page));

function useFlagMutation<TVariables>(request: (variables: TVariables) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => flagsChanged(queryClient),
  });
}

export const useCreateFlag = () =>
  useFlagMutation((input: FlagInput) => apiRequest<FeatureFlag>("/admin/flags/", { method: "POST", json: input }));
export const useUpdateFlag = () =>
  useFlagMutation(({ key, ...changes }: FlagInput & { key: string }) =>
    apiRequest<FeatureFlag>(`/admin/flags/${encodeURIComponent(key)}/`, { method: "PATCH", json: changes }),
  );
export const useDeleteFlag = () =>
  useFlagMutation((key: string) => apiRequest<null>(`/admin/flags/${encodeURIComponent(key)}/`, { method: "DELETE" }));

export type LogFilters = { q?: string; action_prefix?: string; type?: string; date_from?: string; date_to?: string; page?: number; page_size?: number };

export const auditQueryOptions = (filters: LogFilters) =>
  queryOptions({
    queryKey: queryKeys.admin.audit(filters),
    queryFn: ({ signal }) => apiRequest<Paginated<AuditEntry>>("/admin/audit/", { query: filters, signal }),
    placeholderData: keepPreviousData,
  });

export const useAudit = (filters: LogFilters, enabled = true) => useQuery({ ...auditQueryOptions(filters), enabled });

export const eventsQueryOptions = (filters: LogFilters) =>
  queryOptions({
    queryKey: queryKeys.admin.events(filters),
    queryFn: ({ signal }) => apiRequest<Paginated<PlatformEvent>>("/admin/events/", { query: filters, signal }),
    placeholderData: keepPreviousData,
  });

export const useEvents = (filters: LogFilters, enabled = true) => useQuery({ ...eventsQueryOptions(filters), enabled });

/** The CSV export needs the bearer token, so it is fetched and handed to the browser as a file. */
export async function downloadAuditCsv(filters: LogFilters) {
  const { page: _page, page_size: _size, ...rest } = filters;
  const blob = await apiRequest<Blob>("/admin/audit/", { query: { ...rest, format: "csv" }, responseType: "blob" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `audit-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
