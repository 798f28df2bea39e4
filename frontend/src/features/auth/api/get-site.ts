import { queryOptions, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { apiRequest } from "@/lib/api-client";
import type { BootstrapStatus, PublicSite } from "@/lib/api/types";
import { queryKeys } from "@/lib/query-keys";

export const siteQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.site(),
    queryFn: ({ signal }) => apiRequest<PublicSite>("/site/", { signal, auth: false }),
    staleTime: 5 * 60_000,
  });

export const useSite = () => useQuery(siteQueryOptions());

export const bootstrapStatusQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.bootstrapStatus(),
    queryFn: ({ signal }) => apiRequest<BootstrapStatus>("/auth/bootstrap-status/", { signal, auth: false }),
    staleTime: 0,
  });

export const useBootstrapStatus = () => useQuery(bootstrapStatusQueryOptions());

/** Whether the site can email a reset link (otherwise the screen points to support). */
export function passwordResetEnabled(site: PublicSite | undefined): boolean {
  return site?.password_reset_enabled !== false;
}

/** The backend's default name before the owner sets one. */
const DEFAULT_SITE_NAME = "Marketplace";

/** The site's name as the owner set it; the untouched default reads in the interface language. */
export function useSiteName(): string {
  const { t } = useTranslation();
  const name = useSite().data?.site_name?.trim();
  return !name || name === DEFAULT_SITE_NAME ? t("common.defaultSiteName") : name;
}
