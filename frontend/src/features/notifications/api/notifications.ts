import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest, type Paginated } from "@/lib/api-client";
import type { Notification, NotificationPreferences, NotificationPreferencesMap } from "@/lib/api/types";
import { useSession } from "@/lib/auth";
import { queryKeys } from "@/lib/query-keys";
import { notificationsChanged } from "@/lib/query-invalidation";
import { pollEvery } from "@/lib/realtime-state";

export const unreadCountQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.notifications.unreadCount(),
    queryFn: ({ signal }) => apiRequest<{ count: number }>("/notifications/unread-count/", { signal }),
    refetchInterval: () => pollEvery(30_000),
    retry: false,
  });

export function useUnreadCount() {
  const { status } = useSession();
  return useQuery({ ...unreadCountQueryOptions(), enabled: status === "authenticated" });
}

export type InboxParams = { unread?: boolean; page?: number; page_size?: number };

export const notificationsQueryOptions = (params: InboxParams = {}) =>
  queryOptions({
    queryKey: queryKeys.notifications.list(params),
    queryFn: ({ signal }) =>
      apiRequest<Paginated<Notification>>("/notifications/", {
        signal,
        query: { ...params, unread: params.unread ? "true" : undefined },
      }),
    placeholderData: keepPreviousData,
    refetchInterval: () => pollEvery(30_000),
  });

export const useNotifications = (params: InboxParams = {}, enabled = true) =>
  useQuery({ ...notificationsQueryOptions(params), enabled });

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiRequest<Notification>(`/notifications/${id}/read/`, { method: "POST" }),
    onSuccess: () => notificationsChanged(queryClient),
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<{ updated: number }>("/notifications/read-all/", { method: "POST" }),
    onSuccess: () => notificationsChanged(queryClient),
  });
}

export const preferencesQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.notifications.preferences(),
    queryFn: ({ signal }) => apiRequest<NotificationPreferences>("/notifications/preferences/", { signal }),
  });

export const usePreferences = () => useQuery(preferencesQueryOptions());

export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (preferences: NotificationPreferencesMap) =>
      apiRequest<NotificationPreferences>("/notifications/preferences/", { method: "PUT", json: { preferences } }),
    onSuccess: (data) => queryClient.setQueryData(preferencesQueryOptions().queryKey, data),
  });
}

/** Where a notification leads: its appointment when it is about one. */
export function notificationLink(notification: Notification): string | null {
  const fromData = (notification.data as Record<string, unknown> | null)?.appointment_id;
  if (typeof fromData === "number" || typeof fromData === "string") return `/appointments/${fromData}`;
  if (notification.subject_type.includes("appointment") && notification.subject_id) return `/appointments/${notification.subject_id}`;
  return null;
}
