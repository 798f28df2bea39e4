import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest, type Paginated } from "@/lib/api-client";
import type { Appointment } from "@/lib/api/types";
import { queryKeys } from "@/lib/query-keys";
import { pollEvery } from "@/lib/realtime-state";

export type AppointmentScope = "my" | "new" | "active";
export type AppointmentListParams = { status?: string; page?: number; page_size?: number };

export const appointmentsQueryOptions = (scope: AppointmentScope, params: AppointmentListParams = {}) =>
  queryOptions({
    queryKey: queryKeys.appointments.list(scope, params),
    queryFn: ({ signal }) => apiRequest<Paginated<Appointment>>(`/appointments/${scope}/`, { query: params, signal }),
    placeholderData: keepPreviousData,
    // Lists carry unread counts and new requests: keep them fresh while open.
    refetchInterval: () => pollEvery(30_000),
  });

export const useAppointments = (scope: AppointmentScope, params: AppointmentListParams = {}, enabled = true) =>
  useQuery({ ...appointmentsQueryOptions(scope, params), enabled });
