import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { Appointment, AppointmentCreateRequest } from "@/lib/api/types";

/** After any change: the detail from the answer, and everything that lists or counts appointments. */
export function applyAppointmentChange(queryClient: QueryClient, appointment: Appointment) {
  queryClient.setQueryData(["appointment", appointment.id], appointment);
  void queryClient.invalidateQueries({ queryKey: ["appointment", appointment.id, "events"] });
  void queryClient.invalidateQueries({ queryKey: ["appointments"] });
  void queryClient.invalidateQueries({ queryKey: ["admin", "appointments"] });
  void queryClient.invalidateQueries({ queryKey: ["dashboard"] });
}

export function actionPath(id: number, action: string): string {
  if (action === "set_status") return `/admin/appointments/${id}/set-status/`;
  return `/appointments/${id}/${action.replace(/_/g, "-")}/`;
}

export function useAppointmentAction(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: string; body?: Record<string, unknown> }) =>
      apiRequest<Appointment>(actionPath(id, action), { method: "POST", json: body ?? {} }),
    onSuccess: (appointment) => applyAppointmentChange(queryClient, appointment),
    onError: () => void queryClient.invalidateQueries({ queryKey: ["appointment", id] }),
  });
}

export function useCreateAppointment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AppointmentCreateRequest) => apiRequest<Appointment>("/appointments/", { method: "POST", json: body }),
    onSuccess: (appointment) => applyAppointmentChange(queryClient, appointment),
  });
}

/** Multipart upload with progress (0..1); `markPaid` sends the file with mark-paid in one request. */
export function useUploadProof(id: number, onProgress: (fraction: number) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, markPaid }: { file: File; markPaid: boolean }) => {
      const form = new FormData();
      form.append("file", file);
      return apiRequest<Appointment>(actionPath(id, markPaid ? "mark_paid" : "upload_payment_proof"), {
        method: "POST",
        form,
        onUploadProgress: onProgress,
      });
    },
    onSuccess: (appointment) => {
      applyAppointmentChange(queryClient, appointment);
      void queryClient.invalidateQueries({ queryKey: ["appointment", id, "proof"] });
    },
  });
}
