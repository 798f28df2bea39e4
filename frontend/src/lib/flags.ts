import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { useSession } from "@/lib/auth";
import { queryKeys } from "@/lib/query-keys";

/** Feature flags evaluated for the caller by the backend (`{key: bool}`); unknown keys are off. */
export const flagsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.flags(),
    queryFn: ({ signal }) => apiRequest<Record<string, boolean>>("/flags/", { signal }),
    staleTime: 5 * 60_000,
    retry: false,
  });

export function useFlags(): Record<string, boolean> {
  const { status } = useSession();
  const query = useQuery({ ...flagsQueryOptions(), enabled: status === "authenticated" });
  return query.data ?? {};
}

export function useFlag(key: string): boolean {
  return useFlags()[key] === true;
}
