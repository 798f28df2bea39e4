import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { ReviewRequest } from "@/lib/api/types";

export type ReviewDirection = "review_master" | "review_client";

/** Behaviour flags the backend accepts for each direction (SPEC 5). */
export const REVIEW_FLAGS: Record<ReviewDirection, string[]> = {
  review_master: ["late", "poor_quality", "rude", "excellent"],
  review_client: ["no_show", "late", "rude", "payment_issue"],
};

export function useLeaveReview(appointmentId: number, direction: ReviewDirection) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReviewRequest) =>
      apiRequest<unknown>(`/appointments/${appointmentId}/${direction.replace("_", "-")}/`, { method: "POST", json: body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["appointment", appointmentId] });
      void queryClient.invalidateQueries({ queryKey: ["appointments"] });
      void queryClient.invalidateQueries({ queryKey: ["dashboard"] });
    },
  });
}
