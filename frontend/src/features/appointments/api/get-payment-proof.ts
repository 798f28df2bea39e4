import { useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { useObjectUrl } from "@/lib/use-object-url";
import { queryKeys } from "@/lib/query-keys";

/** Proofs are private: fetched with the bearer token and shown from an object URL, never a public link. */
export function usePaymentProof(appointmentId: number, uploadedAt: string | null | undefined) {
  const query = useQuery({
    queryKey: queryKeys.appointments.proof(appointmentId, uploadedAt),
    queryFn: ({ signal }) => apiRequest<Blob>(`/appointments/${appointmentId}/payment-proof/`, { signal, responseType: "blob" }),
    enabled: Boolean(uploadedAt),
    staleTime: Infinity,
    gcTime: 60_000,
  });
  const url = useObjectUrl(query.data);
  return { ...query, url, type: query.data?.type ?? "" };
}
