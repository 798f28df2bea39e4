import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { Appointment, AppointmentCreateRequest } from "@/lib/api/types";
import { appointmentChanged, paymentProofChanged } from "@/lib/query-invalidation";

/** The endpoint of an action the backend lists in `allowed_actions` (`mark_paid` -> `.../mark-paid/`). */
export function actionPath(id: number, action: string): string {
  if (action === "set_status") return `/admin/appointments/${id}/set-status/`;
  return `/appointments/${id}/${action.replace(/_/g, "-")}/`;
}

export function useAppointmentAction(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: string; body?: Record<string, unknown> }) =>
      apiRequest<Appointment>(actionPath(id, action), { method: "POST", json: body ?? {} }),
    onSuccess: (appointment) => appointmentChanged(queryClient, appointment.id, appointment),
    // A refused action usually means the other side moved first: show where things stand now.
    onError: () => appointmentChanged(queryClient, id),
  });
}

export function useCreateAppointment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AppointmentCreateRequest) => apiRequest<Appointment>("/appointments/", { method: "POST", json: body }),
    onSuccess: (appointment) => appointmentChanged(queryClient, appointment.id, appointment),
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
      appointmentChanged(queryClient, appointment.id, appointment);
      paymentProofChanged(queryClient, id);
    },
  });
}
