/**
 * Realtime: one websocket per tab (docs/realtime.md). A frame names what changed, with ids only;
 * the screens refetch through the API they already use (one permission model), through the same
 * invalidation functions as the mutations (`lib/query-invalidation.ts`).
 *
 * The socket opens with a one-time ticket (`POST /realtime/ticket/`, a browser's websocket can't
 * send the bearer header), reconnects with exponential backoff and a fresh ticket each time, and
 * while it is connected the screens poll only every 60 s (`pollEvery` in `lib/realtime-state.ts`,
 * which the app bar and the features import without loading this module).
 */
import type { QueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { RealtimeTicket } from "@/lib/api/types";
import {
  appointmentChanged,
  chatMessageArrived,
  chatMessageRemoved,
  notificationsChanged,
  queueChanged,
} from "@/lib/query-invalidation";
import { queryKeys } from "@/lib/query-keys";
import { setRealtimeConnected } from "@/lib/realtime-state";

export type RealtimeFrame =
  | { type: "hello"; user_id: number }
  | { type: "message.created" | "message.deleted"; appointment_id: number; message_id: number }
  | { type: "appointment.updated"; appointment_id: number; status: string }
  | { type: "notification.created"; unread_count: number }
  | { type: "queue.changed"; appointment_id?: number }
  | { type: "pong" };

export type Ticket = Pick<RealtimeTicket, "ticket" | "expires_in" | "url">;

/** Close codes of the server (apps/realtime/types.py). */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;

// --- frames -----------------------------------------------------------------------------------

/** Refresh what a frame names. Unknown frames are ignored (a newer server may send more). */
export function applyFrame(queryClient: QueryClient, frame: RealtimeFrame) {
  switch (frame.type) {
    case "message.created":
      chatMessageArrived(queryClient, frame.appointment_id);
      break;
    case "message.deleted":
      chatMessageRemoved(queryClient, frame.appointment_id);
      break;
    case "appointment.updated":
      appointmentChanged(queryClient, frame.appointment_id);
      break;
    case "notification.created":
      notificationsChanged(queryClient);
      break;
    case "queue.changed":
      queueChanged(queryClient);
      break;
    default:
      break;
  }
}

/** After a reconnect, frames may have been missed meanwhile: refresh what they would have. */
function catchUp(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.appointments.all() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.notifications.all() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard() });
}

// --- the connection ---------------------------------------------------------------------------

/** 1 s, 2 s, 4 s ... capped at 30 s, with up to 30% jitter so tabs don't reconnect in step. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 + 0.3 * random()));
}

export function socketUrl(ticket: Ticket, location: { protocol: string; host: string } = window.location): string {
  const base = ticket.url ?? `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/`;
  return `${base}?ticket=${encodeURIComponent(ticket.ticket)}`;
}

type SocketLike = {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close: (code?: number) => void;
};

export type RealtimeOptions = {
  queryClient: QueryClient;
  getTicket?: () => Promise<Ticket>;
  createSocket?: (url: string) => SocketLike;
  random?: () => number;
};

const fetchTicket = () => apiRequest<Ticket>("/realtime/ticket/", { method: "POST" });

/** Connect and keep connecting until `stop()` (or a 4403: the account was banned). */
export function startRealtime({
  queryClient,
  getTicket = fetchTicket,
  createSocket = (url) => new WebSocket(url) as unknown as SocketLike,
  random,
}: RealtimeOptions): { stop: () => void } {
  let stopped = false;
  let attempt = 0;
  let everConnected = false;
  let socket: SocketLike | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const retry = () => {
    setRealtimeConnected(false);
    if (stopped) return;
    timer = setTimeout(() => void connect(), backoffDelay(attempt, random));
    attempt += 1;
  };

  const connect = async () => {
    timer = null;
    let ticket: Ticket;
    try {
      ticket = await getTicket();
    } catch {
      retry();
      return;
    }
    if (stopped) return;
    const current = createSocket(socketUrl(ticket));
    socket = current;
    current.onmessage = (event) => {
      let frame: RealtimeFrame;
      try {
        frame = JSON.parse(String(event.data)) as RealtimeFrame;
      } catch {
        return;
      }
      if (frame.type === "hello") {
        attempt = 0;
        if (everConnected) catchUp(queryClient);
        everConnected = true;
        setRealtimeConnected(true);
        return;
      }
      applyFrame(queryClient, frame);
    };
    current.onerror = () => undefined; // onclose follows
    current.onclose = (event) => {
      if (socket !== current) return;
      socket = null;
      if (event.code === CLOSE_FORBIDDEN) {
        setRealtimeConnected(false); // banned: the API ends the session on its next call
        return;
      }
      retry();
    };
  };

  void connect();
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      const open = socket;
      socket = null;
      open?.close(1000);
      setRealtimeConnected(false);
    },
  };
}
