import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { Me, MeUpdateRequest } from "@/lib/api/types";
import { queryKeys } from "@/lib/query-keys";

export const updateMe = (data: MeUpdateRequest) => apiRequest<Me>("/me/", { method: "PATCH", json: data });

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (me) => queryClient.setQueryData(queryKeys.me(), me),
  });
}
