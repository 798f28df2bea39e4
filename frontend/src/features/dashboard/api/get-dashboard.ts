import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { pollEvery } from "@/lib/realtime-state";

/** Role-aware counts; each backend app contributes its own keys, so the shape stays open. */
export type Dashboard = { role: string } & Record<string, unknown>;

export const dashboardQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.dashboard(),
    queryFn: ({ signal }) => apiRequest<Dashboard>("/dashboard/", { signal }),
    refetchInterval: () => pollEvery(60_000),
  });

export const useDashboard = () => useQuery(dashboardQueryOptions());
