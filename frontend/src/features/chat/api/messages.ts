import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { ChatMessage, CursorPage, ReadState } from "@/lib/api/types";

const POLL_MS = 3000;
const MAX_PAGES = 50;
const FULL_RELOAD_EVERY = 10;
const pollCount = new Map<number, number>();

export const chatKey = (appointmentId: number) => ["chat", appointmentId] as const;

/** The API's `next` is an absolute URL; the client wants a same-origin path. */
function relative(url: string): string {
  const parsed = new URL(url, window.location.origin);
  return parsed.pathname + parsed.search;
}

async function collect(first: string, query: Record<string, string | number> | undefined, signal?: AbortSignal) {
  const messages: ChatMessage[] = [];
  let path: string | null = first;
  let params = query;
  for (let page = 0; path && page < MAX_PAGES; page += 1) {
    const data: CursorPage<ChatMessage> = await apiRequest<CursorPage<ChatMessage>>(path, { query: params, signal });
    messages.push(...data.results);
    path = data.next ? relative(data.next) : null;
    params = undefined;
  }
  return messages;
}

function merge(existing: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const byId = new Map(existing.map((m) => [m.id, m]));
  incoming.forEach((m) => byId.set(m.id, m));
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/**
 * The whole conversation on first load, then only what is newer (`?after=<last id>`) every few
 * seconds while the panel is open. TanStack Query pauses polling in a hidden tab.
 */
export function chatQueryOptions(appointmentId: number, queryClient: QueryClient) {
  return queryOptions({
    queryKey: chatKey(appointmentId),
    queryFn: async ({ signal }) => {
      const path = `/appointments/${appointmentId}/messages/`;
      const cached = queryClient.getQueryData<ChatMessage[]>(chatKey(appointmentId));
      const last = cached?.length ? cached[cached.length - 1].id : null;
      // `after` only brings new messages; every so often reload the whole thread so that
      // messages deleted by the other side (or a moderator) disappear too.
      const polls = (pollCount.get(appointmentId) ?? 0) + 1;
      pollCount.set(appointmentId, polls);
      if (!cached || last === null || polls % FULL_RELOAD_EVERY === 0) return collect(path, undefined, signal);
      return merge(cached, await collect(path, { after: last }, signal));
    },
    refetchInterval: POLL_MS,
    staleTime: 0,
  });
}

export function useChatMessages(appointmentId: number) {
  const queryClient = useQueryClient();
  return useQuery(chatQueryOptions(appointmentId, queryClient));
}

export function useSendMessage(appointmentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      apiRequest<ChatMessage>(`/appointments/${appointmentId}/messages/`, { method: "POST", json: { text } }),
    onSuccess: (message) => {
      queryClient.setQueryData<ChatMessage[]>(chatKey(appointmentId), (old) => merge(old ?? [], [message]));
    },
  });
}

export function useDeleteMessage(appointmentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (messageId: number) => apiRequest<ChatMessage | null>(`/messages/${messageId}/`, { method: "DELETE" }),
    onSuccess: (answer, messageId) => {
      queryClient.setQueryData<ChatMessage[]>(chatKey(appointmentId), (old) =>
        (old ?? []).map((m) => (m.id === messageId ? (answer ?? { ...m, text: "", is_deleted: true }) : m)),
      );
      void queryClient.invalidateQueries({ queryKey: ["appointment", appointmentId, "events"] });
    },
  });
}

export function useMarkRead(appointmentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<ReadState>(`/appointments/${appointmentId}/read/`, { method: "POST" }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["appointments"] });
      void queryClient.invalidateQueries({ queryKey: ["appointment", appointmentId], exact: true });
      void queryClient.invalidateQueries({ queryKey: ["dashboard"] });
    },
  });
}
