/**
 * Whether the realtime socket is connected (lib/realtime.ts sets it), and what that means for
 * polling. Kept apart from the connection so the app bar and the polled queries read it without
 * loading the connection code (which loads after sign-in).
 *
 * `localStorage["mp.realtime.polling"] = "off"` turns polling off altogether (the e2e test proves
 * that a message arrives by the frame alone).
 */
import { useSyncExternalStore } from "react";

export const CONNECTED_POLL_MS = 60_000;
const POLLING_SWITCH = "mp.realtime.polling";

let connected = false;
const listeners = new Set<() => void>();

export function isRealtimeConnected(): boolean {
  return connected;
}

export function setRealtimeConnected(value: boolean) {
  if (value === connected) return;
  connected = value;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRealtimeConnected(): boolean {
  return useSyncExternalStore(subscribe, isRealtimeConnected, () => false);
}

function pollingSwitchedOff(): boolean {
  try {
    return globalThis.localStorage?.getItem(POLLING_SWITCH) === "off";
  } catch {
    return false;
  }
}

/**
 * The refetch interval of a polled query: `ms` without the socket, 60 s (or `ms` if longer) with
 * it, never with polling switched off.
 */
export function pollEvery(ms: number): number | false {
  if (pollingSwitchedOff()) return false;
  return connected ? Math.max(ms, CONNECTED_POLL_MS) : ms;
}
