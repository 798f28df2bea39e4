import { QueryClient } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { queryKeys } from "@/lib/query-keys";
import { applyFrame, backoffDelay, socketUrl, startRealtime, type Ticket } from "@/lib/realtime";
import { isRealtimeConnected, pollEvery, setRealtimeConnected } from "@/lib/realtime-state";

function invalidated(spy: { mock: { calls: unknown[][] } }): unknown[] {
  return spy.mock.calls.map((call) => (call[0] as { queryKey: unknown }).queryKey);
}

describe("frames invalidate the queries they name", () => {
  it("message.created refreshes the thread and the unread counts, nothing of other appointments", () => {
    const queryClient = new QueryClient();
    const spy = vi.spyOn(queryClient, "invalidateQueries");
    applyFrame(queryClient, { type: "message.created", appointment_id: 7, message_id: 70 });
    const keys = invalidated(spy);
    expect(keys).toContainEqual(queryKeys.appointments.messages(7));
    expect(keys).toContainEqual(queryKeys.appointments.detail(7));
    expect(keys).toContainEqual(queryKeys.appointments.lists());
    expect(keys).not.toContainEqual(queryKeys.appointments.messages(8));
  });

  it("message.deleted reloads the thread whole and the timeline", () => {
    const queryClient = new QueryClient();
    const reset = vi.spyOn(queryClient, "resetQueries");
    const spy = vi.spyOn(queryClient, "invalidateQueries");
    applyFrame(queryClient, { type: "message.deleted", appointment_id: 7, message_id: 70 });
    expect(reset.mock.calls[0][0]).toEqual({ queryKey: queryKeys.appointments.messages(7) });
    expect(invalidated(spy)).toContainEqual(queryKeys.appointments.events(7));
  });

  it("appointment.updated, notification.created and queue.changed", () => {
    const queryClient = new QueryClient();
    const spy = vi.spyOn(queryClient, "invalidateQueries");
    applyFrame(queryClient, { type: "appointment.updated", appointment_id: 3, status: "PAID" });
    expect(invalidated(spy)).toEqual(expect.arrayContaining([queryKeys.appointments.detail(3), queryKeys.appointments.lists()]));
    spy.mockClear();
    applyFrame(queryClient, { type: "notification.created", unread_count: 2 });
    expect(invalidated(spy)).toEqual([queryKeys.notifications.all()]);
    spy.mockClear();
    applyFrame(queryClient, { type: "queue.changed", appointment_id: 5 });
    expect(invalidated(spy)).toEqual([queryKeys.appointments.lists(), queryKeys.dashboard()]);
  });

  it("an unknown frame changes nothing", () => {
    const queryClient = new QueryClient();
    const spy = vi.spyOn(queryClient, "invalidateQueries");
    applyFrame(queryClient, { type: "something.new" } as never);
    expect(spy).not.toHaveBeenCalled();
  });
});

describe("polling", () => {
  afterEach(() => {
    setRealtimeConnected(false);
    localStorage.removeItem("mp.realtime.polling");
  });

  it("slows to 60 s while connected and comes back when the socket drops", () => {
    expect(pollEvery(3000)).toBe(3000);
    setRealtimeConnected(true);
    expect(pollEvery(3000)).toBe(60_000);
    expect(pollEvery(120_000)).toBe(120_000);
    setRealtimeConnected(false);
    expect(pollEvery(3000)).toBe(3000);
  });

  it("can be switched off (the e2e proof that frames alone deliver)", () => {
    localStorage.setItem("mp.realtime.polling", "off");
    expect(pollEvery(3000)).toBe(false);
  });
});

describe("backoff", () => {
  it("doubles from 1 s to a 30 s cap, with jitter", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, () => 0))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(backoffDelay(0, () => 1)).toBe(1300);
  });

  it("builds the socket URL on this origin, or where the ticket says", () => {
    const ticket: Ticket = { ticket: "a:b/c", expires_in: 60, url: null };
    expect(socketUrl(ticket, { protocol: "https:", host: "site.example" })).toBe("wss://site.example/ws/?ticket=a%3Ab%2Fc");
    expect(socketUrl({ ...ticket, url: "ws://127.0.0.1:8001/ws/" }, { protocol: "http:", host: "127.0.0.1:8000" })).toBe(
      "ws://127.0.0.1:8001/ws/?ticket=a%3Ab%2Fc",
    );
  });
});

class FakeSocket {
  static opened: FakeSocket[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed: number | null = null;
  constructor(public url: string) {
    FakeSocket.opened.push(this);
  }
  hello() {
    this.onmessage?.({ data: JSON.stringify({ type: "hello", user_id: 1 }) });
  }
  send(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
  close(code?: number) {
    this.closed = code ?? 1000;
  }
}

describe("the connection", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.opened = [];
  });
  afterEach(() => {
    vi.useRealTimers();
    setRealtimeConnected(false);
  });

  it("connects with a ticket, applies frames, reconnects with backoff and a new ticket each time", async () => {
    const queryClient = new QueryClient();
    const spy = vi.spyOn(queryClient, "invalidateQueries");
    let issued = 0;
    const getTicket = vi.fn(async (): Promise<Ticket> => ({ ticket: `t${++issued}`, expires_in: 60, url: "ws://x/ws/" }));
    const connection = startRealtime({ queryClient, getTicket, createSocket: (url) => new FakeSocket(url), random: () => 0 });

    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.opened.map((s) => s.url)).toEqual(["ws://x/ws/?ticket=t1"]);
    expect(isRealtimeConnected()).toBe(false);
    FakeSocket.opened[0].hello();
    expect(isRealtimeConnected()).toBe(true);
    FakeSocket.opened[0].send({ type: "message.created", appointment_id: 4, message_id: 9 });
    expect(invalidated(spy)).toContainEqual(queryKeys.appointments.messages(4));

    FakeSocket.opened[0].drop();
    expect(isRealtimeConnected()).toBe(false);
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSocket.opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.opened.map((s) => s.url)).toEqual(["ws://x/ws/?ticket=t1", "ws://x/ws/?ticket=t2"]);

    FakeSocket.opened[1].drop(4401); // refused before hello: the next wait doubles
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeSocket.opened).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.opened).toHaveLength(3);

    spy.mockClear();
    FakeSocket.opened[2].hello(); // back: what was missed meanwhile is refetched
    expect(invalidated(spy)).toContainEqual(queryKeys.notifications.all());
    expect(isRealtimeConnected()).toBe(true);

    connection.stop();
    expect(FakeSocket.opened[2].closed).toBe(1000);
    expect(isRealtimeConnected()).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.opened).toHaveLength(3);
  });

  it("retries when the ticket can't be had, and stops for good after a ban (4403)", async () => {
    const queryClient = new QueryClient();
    const getTicket = vi
      .fn<() => Promise<Ticket>>()
      .mockRejectedValueOnce(new Error("offline"))
      .mockResolvedValue({ ticket: "t", expires_in: 60, url: null });
    startRealtime({ queryClient, getTicket, createSocket: (url) => new FakeSocket(url), random: () => 0 });
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.opened).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.opened).toHaveLength(1);
    FakeSocket.opened[0].hello();
    FakeSocket.opened[0].drop(4403);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(FakeSocket.opened).toHaveLength(1);
    expect(isRealtimeConnected()).toBe(false);
  });
});
