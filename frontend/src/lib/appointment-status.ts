import type { AppointmentStatus } from "@/lib/api/types";

export const STATUSES: AppointmentStatus[] = [
  "NEW",
  "IN_REVIEW",
  "AWAITING_PAYMENT",
  "PAYMENT_PROOF_UPLOADED",
  "PAID",
  "IN_PROGRESS",
  "COMPLETED",
  "DECLINED_BY_MASTER",
  "CANCELLED",
];

export const TERMINAL_STATUSES: AppointmentStatus[] = ["COMPLETED", "DECLINED_BY_MASTER", "CANCELLED"];
