import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest, type Paginated } from "@/lib/api-client";
import type { Appointment } from "@/lib/api/types";
import { queryKeys } from "@/lib/query-keys";
import { appointmentChanged } from "@/lib/query-invalidation";
import { pollEvery } from "@/lib/realtime-state";

/** `sla`: "breached" (the current stage is past its deadline) or "warning" (in its warning lead); SPEC 10.4. */
export type AdminAppointmentParams = { status?: string; q?: string; sla?: string; page?: number; page_size?: number };

export const adminAppointmentsQueryOptions = (params: AdminAppointmentParams) =>
  queryOptions({
    queryKey: queryKeys.admin.appointments(params),
    queryFn: ({ signal }) => apiRequest<Paginated<Appointment>>("/admin/appointments/", { query: params, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: () => pollEvery(30_000), // 60 s while the realtime socket pushes the changes
  });

export const useAdminAppointments = (params: AdminAppointmentParams) => useQuery(adminAppointmentsQueryOptions(params));

function useAdminAppointmentMutation<TBody>(path: (id: number) => string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body?: TBody }) => apiRequest<Appointment>(path(id), { method: "POST", json: body ?? {} }),
    onSuccess: (appointment) => appointmentChanged(queryClient, appointment.id, appointment),
  });
}

export const useAdminSetStatus = () =>
  useAdminAppointmentMutation<{ status: string; reason: string }>((id) => `/admin/appointments/${id}/set-status/`);

export const useAdminConfirmPayment = () => useAdminAppointmentMutation<never>((id) => `/admin/appointments/${id}/confirm-payment/`);

export const useAdminRejectPayment = () =>
  useAdminAppointmentMutation<{ reason: string }>((id) => `/admin/appointments/${id}/reject-payment/`);
