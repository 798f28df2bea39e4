import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { Me, MeUpdateRequest } from "@/lib/api/types";
import { queryKeys } from "@/lib/query-keys";

/*
 * PENDING SCHEMA: a master's `bio` joins `PATCH /me/` on the `product` branch. Until the merge the
 * generated request type lacks it; drop this extension once `npm run gen:api` brings it in.
 */
type MeUpdate = MeUpdateRequest & { bio?: string };

export const updateMe = (data: MeUpdate) => apiRequest<Me>("/me/", { method: "PATCH", json: data });

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (me) => queryClient.setQueryData(queryKeys.me(), me),
  });
}
