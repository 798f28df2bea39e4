import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";

/** Role-aware counts; each backend app contributes its own keys, so the shape stays open. */
export type Dashboard = { role: string } & Record<string, unknown>;

export const dashboardQueryOptions = () =>
  queryOptions({
    queryKey: ["dashboard"],
    queryFn: ({ signal }) => apiRequest<Dashboard>("/dashboard/", { signal }),
    refetchInterval: 60_000,
  });

export const useDashboard = () => useQuery(dashboardQueryOptions());
