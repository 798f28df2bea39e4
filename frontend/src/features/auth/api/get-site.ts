import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { BootstrapStatus, PublicSite } from "@/lib/api/types";

export const siteQueryOptions = () =>
  queryOptions({
    queryKey: ["site"],
    queryFn: ({ signal }) => apiRequest<PublicSite>("/site/", { signal, auth: false }),
    staleTime: 5 * 60_000,
  });

export const useSite = () => useQuery(siteQueryOptions());

export const bootstrapStatusQueryOptions = () =>
  queryOptions({
    queryKey: ["bootstrap-status"],
    queryFn: ({ signal }) => apiRequest<BootstrapStatus>("/auth/bootstrap-status/", { signal, auth: false }),
    staleTime: 0,
  });

export const useBootstrapStatus = () => useQuery(bootstrapStatusQueryOptions());
