/**
 * What each kind of change refreshes. Mutations call these after the server answers; the realtime
 * layer (`lib/realtime.ts`) calls the same functions when the server pushes a change, so a screen
 * never depends on who made the change.
 */
import type { QueryClient } from "@tanstack/react-query";
import type { Appointment } from "@/lib/api/types";
import { queryKeys } from "@/lib/query-keys";

/**
 * An appointment changed (an action, a payment decision, a review). With the fresh appointment the
 * detail is written from it; everything that lists or counts appointments is refreshed.
 */
export function appointmentChanged(queryClient: QueryClient, id: number, fresh?: Appointment) {
  if (fresh) {
    queryClient.setQueryData(queryKeys.appointments.detail(id), fresh);
    void queryClient.invalidateQueries({ queryKey: queryKeys.appointments.events(id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.appointments.reviews(id) });
  } else {
    void queryClient.invalidateQueries({ queryKey: queryKeys.appointments.detail(id) });
  }
  void queryClient.invalidateQueries({ queryKey: queryKeys.appointments.lists() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.admin.appointments() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard() });
}

/** The payment proof of an appointment was replaced. */
export function paymentProofChanged(queryClient: QueryClient, id: number) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.appointments.proofs(id) });
}

/** A message was deleted: the timeline records it. */
export function chatMessageDeleted(queryClient: QueryClient, id: number) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.appointments.events(id) });
}

/** A message arrived in an appointment's chat (pushed): the thread, and the unread counts around it. */
export function chatMessageArrived(queryClient: QueryClient, id: number) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.appointments.messages(id) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.appointments.detail(id), exact: true });
  void queryClient.invalidateQueries({ queryKey: queryKeys.appointments.lists() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard() });
}

/**
 * A message was deleted by someone else (pushed): the thread loads whole again (its incremental
 * refetch asks only for newer messages), and the timeline records the deletion.
 */
export function chatMessageRemoved(queryClient: QueryClient, id: number) {
  void queryClient.resetQueries({ queryKey: queryKeys.appointments.messages(id) });
  chatMessageDeleted(queryClient, id);
}

/** A request entered or left the NEW queue: the lists (the masters' queue among them) and the dashboard. */
export function queueChanged(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.appointments.lists() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard() });
}

/** The caller read a chat: unread counts on the appointment, the lists, the dashboard and the inbox move. */
export function chatRead(queryClient: QueryClient, id: number) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.appointments.detail(id), exact: true });
  void queryClient.invalidateQueries({ queryKey: queryKeys.appointments.lists() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.notifications.all() });
}

/** A user, their role, ban or master status changed: every admin list and count may move. */
export function usersChanged(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.admin.users() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.admin.masters() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard() });
}

/** Notifications were read (one or all) or arrived. */
export function notificationsChanged(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.notifications.all() });
}

/** A review was hidden or shown again. */
export function reviewsModerated(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.admin.reviews() });
}

/** A feature flag changed: the admin list and the caller's own evaluated flags. */
export function flagsChanged(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.admin.flags() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.flags() });
}

/** The site's settings changed: the public site (name, registration, support) follows. */
export function siteSettingsChanged(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.site() });
}

/** The SLA policy changed: the policy and the report (new clocks use the new targets). */
export function slaPolicyChanged(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.admin.sla.all() });
}

/** A score override was set or removed: the user's score, and every appointment that shows the level. */
export function scoreOverridden(queryClient: QueryClient, userId: number) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.admin.risk(userId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.appointments.all() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.admin.appointments() });
}

/** A rule was saved, switched or deleted: the rule lists and the rule itself. */
export function rulesChanged(queryClient: QueryClient, id?: number) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.admin.rules.lists() });
  if (id !== undefined) void queryClient.invalidateQueries({ queryKey: queryKeys.admin.rules.detail(id) });
}
