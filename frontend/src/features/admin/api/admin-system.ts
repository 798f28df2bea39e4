import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { RunActionResult, SiteSettings, SystemStatus } from "@/lib/api/types";
import { queryKeys } from "@/lib/query-keys";
import { siteSettingsChanged } from "@/lib/query-invalidation";

export const systemStatusQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.admin.systemStatus(),
    queryFn: ({ signal }) => apiRequest<SystemStatus>("/admin/system/status/", { signal }),
    refetchInterval: 30_000,
  });

export const useSystemStatus = () => useQuery(systemStatusQueryOptions());

export const systemSettingsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.admin.systemSettings(),
    queryFn: ({ signal }) => apiRequest<SiteSettings>("/admin/system/settings/", { signal }),
  });

export const useSystemSettings = (enabled = true) => useQuery({ ...systemSettingsQueryOptions(), enabled });

export function useUpdateSystemSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (data: Partial<SiteSettings>) => apiRequest<SiteSettings>("/admin/system/settings/", { method: "PATCH", json: data }),
    onSuccess: (data) => {
      queryClient.setQueryData(systemSettingsQueryOptions().queryKey, data);
      siteSettingsChanged(queryClient);
    },
  });
}

export function useRunAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { action: string; params?: Record<string, unknown>; reason?: string }) =>
      apiRequest<RunActionResult>("/admin/system/run-action/", { method: "POST", json: body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.admin.systemStatus() }),
  });
}
