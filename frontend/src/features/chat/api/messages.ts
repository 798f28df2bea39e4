import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { ApiError, apiRequest } from "@/lib/api-client";
import type { ChatMessage, CursorPage, ReadState } from "@/lib/api/types";
import { chatMessageDeleted, chatRead } from "@/lib/query-invalidation";
import { queryKeys } from "@/lib/query-keys";
import { pollEvery } from "@/lib/realtime-state";

const POLL_MS = 3000;
const MAX_PAGES = 50;
/** `after` only brings new messages; this often the whole thread is reloaded so deletions show. */
const FULL_RELOAD_MS = 30_000;

/** The cached conversation and when it was last loaded whole. */
export type ChatThread = { messages: ChatMessage[]; loadedWholeAt: number };

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

/** Someone who does not take part in the chat gets 404: the chat is not theirs to show. */
export function isChatUnavailable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 403);
}

/**
 * The whole conversation on first load, then only what is newer (`?after=<last id>`) every few
 * seconds while the panel is open, and the whole thread again every half minute. TanStack Query
 * pauses polling in a hidden tab.
 */
export function chatQueryOptions(appointmentId: number, queryClient: QueryClient) {
  const key = queryKeys.appointments.messages(appointmentId);
  return queryOptions({
    queryKey: key,
    queryFn: async ({ signal }): Promise<ChatThread> => {
      const path = `/appointments/${appointmentId}/messages/`;
      const cached = queryClient.getQueryData<ChatThread>(key);
      const last = cached?.messages.length ? cached.messages[cached.messages.length - 1].id : null;
      const now = Date.now();
      if (!cached || last === null || now - cached.loadedWholeAt >= FULL_RELOAD_MS) {
        return { messages: await collect(path, undefined, signal), loadedWholeAt: now };
      }
      return { messages: merge(cached.messages, await collect(path, { after: last }, signal)), loadedWholeAt: cached.loadedWholeAt };
    },
    refetchInterval: (query) => (isChatUnavailable(query.state.error) ? false : pollEvery(POLL_MS)),
    staleTime: 0,
  });
}

export function useChatMessages(appointmentId: number) {
  const queryClient = useQueryClient();
  return useQuery({ ...chatQueryOptions(appointmentId, queryClient), select: (thread) => thread.messages });
}

function updateThread(queryClient: QueryClient, appointmentId: number, change: (messages: ChatMessage[]) => ChatMessage[]) {
  queryClient.setQueryData<ChatThread>(queryKeys.appointments.messages(appointmentId), (old) => ({
    messages: change(old?.messages ?? []),
    loadedWholeAt: old?.loadedWholeAt ?? 0,
  }));
}

export function useSendMessage(appointmentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      apiRequest<ChatMessage>(`/appointments/${appointmentId}/messages/`, { method: "POST", json: { text } }),
    onSuccess: (message) => updateThread(queryClient, appointmentId, (messages) => merge(messages, [message])),
  });
}

export function useDeleteMessage(appointmentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (messageId: number) => apiRequest<ChatMessage | null>(`/messages/${messageId}/`, { method: "DELETE" }),
    onSuccess: (answer, messageId) => {
      updateThread(queryClient, appointmentId, (messages) =>
        messages.map((m) => (m.id === messageId ? (answer ?? { ...m, text: "", is_deleted: true }) : m)),
      );
      chatMessageDeleted(queryClient, appointmentId);
    },
  });
}

export function useMarkRead(appointmentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<ReadState>(`/appointments/${appointmentId}/read/`, { method: "POST" }),
    onSuccess: () => chatRead(queryClient, appointmentId),
  });
}
