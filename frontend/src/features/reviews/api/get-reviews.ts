import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { AppointmentReviews, MasterPublic } from "@/lib/api/types";
import { queryKeys } from "@/lib/query-keys";

export const appointmentReviewsQueryOptions = (appointmentId: number) =>
  queryOptions({
    // Under the appointment's key, so anything that changes the appointment refreshes it too.
    queryKey: queryKeys.appointments.reviews(appointmentId),
    queryFn: ({ signal }) => apiRequest<AppointmentReviews>(`/appointments/${appointmentId}/reviews/`, { signal }),
  });

export const useAppointmentReviews = (appointmentId: number, enabled: boolean) =>
  useQuery({ ...appointmentReviewsQueryOptions(appointmentId), enabled });

export const masterQueryOptions = (masterId: number) =>
  queryOptions({
    queryKey: queryKeys.master(masterId),
    queryFn: ({ signal }) => apiRequest<MasterPublic>(`/masters/${masterId}/`, { signal }),
  });

export const useMasterProfile = (masterId: number) => useQuery(masterQueryOptions(masterId));
