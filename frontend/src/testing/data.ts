import type { Appointment, Me } from "@/lib/api/types";

export function makeMe(overrides: Partial<Me> = {}): Me {
  const role = (overrides.role as string | undefined) ?? "client";
  return {
    id: 1,
    username: "anna",
    display_name: "Anna",
    email: "",
    role,
    admin_role: role === "admin" ? "super_admin" : null,
    capabilities: role === "admin" ? ["admin.access", "appointments.view", "appointments.manage", "payments.confirm", "users.view", "users.ban", "users.roles", "masters.manage", "system.status", "system.settings", "system.actions"] : role === "master" ? ["appointments.work"] : ["appointments.create"],
    telegram: null,
    master_profile: role === "master" ? { status: "active", bio: "", rating_avg: null, rating_count: 0, status_changed_at: null } : null,
    payment_settings: role === "master" ? { method: "", recipient: "", account: "", instructions: "" } : null,
    language: "ru",
    date_joined: "2026-01-01T10:00:00Z",
    ...overrides,
  } as Me;
}

export function makeAppointment(overrides: Partial<Appointment> = {}): Appointment {
  return {
    id: 7,
    status: "NEW",
    title: "Fix the tap",
    description: "Kitchen tap leaks",
    scheduled_for: null,
    client: { id: 1, username: "anna", display_name: "Anna", role: "client" },
    master: null,
    price: null,
    currency: "RUB",
    payment: { proof: null, instructions: null, rejection_reason: "", confirmed_at: null, review_required: false, review_reason: "" },
    allowed_actions: [],
    unread_count: 0,
    decline_reason: "",
    cancel_reason: "",
    created_at: "2026-03-01T10:00:00Z",
    updated_at: "2026-03-01T10:00:00Z",
    taken_at: null,
    priced_at: null,
    marked_paid_at: null,
    payment_confirmed_at: null,
    started_at: null,
    completed_at: null,
    declined_at: null,
    cancelled_at: null,
    sla: null,
    tags: [],
    ...overrides,
  };
}
