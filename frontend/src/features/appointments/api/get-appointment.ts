import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { Appointment, AppointmentEvent } from "@/lib/api/types";
import { queryKeys } from "@/lib/query-keys";
import { pollEvery } from "@/lib/realtime-state";

export const appointmentQueryOptions = (id: number) =>
  queryOptions({
    queryKey: queryKeys.appointments.detail(id),
    queryFn: ({ signal }) => apiRequest<Appointment>(`/appointments/${id}/`, { signal }),
    // The other side acts too; a detail screen that stays open picks their changes up.
    refetchInterval: () => pollEvery(15_000),
  });

export const useAppointment = (id: number, enabled = true) => useQuery({ ...appointmentQueryOptions(id), enabled });

export const appointmentEventsQueryOptions = (id: number) =>
  queryOptions({
    queryKey: queryKeys.appointments.events(id),
    queryFn: ({ signal }) => apiRequest<AppointmentEvent[]>(`/appointments/${id}/events/`, { signal }),
  });

export const useAppointmentEvents = (id: number) => useQuery(appointmentEventsQueryOptions(id));
