import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest, type Paginated } from "@/lib/api-client";
import type { AdminReview } from "@/lib/api/types";
import { queryKeys } from "@/lib/query-keys";
import { reviewsModerated } from "@/lib/query-invalidation";

export type AdminReviewParams = { q?: string; direction?: string; hidden?: string; page?: number; page_size?: number };

export const adminReviewsQueryOptions = (params: AdminReviewParams) =>
  queryOptions({
    queryKey: queryKeys.admin.reviews(params),
    queryFn: ({ signal }) => apiRequest<Paginated<AdminReview>>("/admin/reviews/", { query: params, signal }),
    placeholderData: keepPreviousData,
  });

export const useAdminReviews = (params: AdminReviewParams) => useQuery(adminReviewsQueryOptions(params));

export function useModerateReview() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, hide, reason }: { id: number; hide: boolean; reason: string }) =>
      apiRequest<AdminReview>(`/admin/reviews/${id}/${hide ? "hide" : "unhide"}/`, { method: "POST", json: { reason } }),
    onSuccess: () => reviewsModerated(queryClient),
  });
}
