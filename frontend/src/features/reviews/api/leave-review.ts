import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { ReviewClientFlag, ReviewClientRequest, ReviewMasterFlag, ReviewMasterRequest } from "@/lib/api/types";
import { appointmentChanged } from "@/lib/query-invalidation";

/** The `allowed_actions` entry that offers a review; the endpoint has the same name with dashes. */
export type ReviewDirection = "review_master" | "review_client";
type Tone = "positive" | "negative";

/**
 * The flag vocabulary of each direction, exactly the backend's enums (`Record` over the generated
 * union: a flag added or removed in the API breaks the type check until it is listed here and
 * translated in `reviews.flag.*`). The tone only colours the chip.
 */
const MASTER_FLAGS: Record<ReviewMasterFlag, Tone> = {
  excellent: "positive",
  punctual: "positive",
  polite: "positive",
  clean: "positive",
  late: "negative",
  poor_quality: "negative",
  rude: "negative",
};
const CLIENT_FLAGS: Record<ReviewClientFlag, Tone> = {
  polite: "positive",
  punctual: "positive",
  no_show: "negative",
  late: "negative",
  rude: "negative",
  payment_issue: "negative",
};

export const REVIEW_FLAGS: Record<ReviewDirection, { flag: string; tone: Tone }[]> = {
  review_master: Object.entries(MASTER_FLAGS).map(([flag, tone]) => ({ flag, tone })),
  review_client: Object.entries(CLIENT_FLAGS).map(([flag, tone]) => ({ flag, tone })),
};

type Body<D extends ReviewDirection> = D extends "review_master" ? ReviewMasterRequest : ReviewClientRequest;

export function useLeaveReview<D extends ReviewDirection>(appointmentId: number, direction: D) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<D>) =>
      apiRequest<unknown>(`/appointments/${appointmentId}/${direction.replace("_", "-")}/`, { method: "POST", json: body }),
    onSuccess: () => appointmentChanged(queryClient, appointmentId),
  });
}
