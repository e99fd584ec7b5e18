import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CallTransport, IncomingSignal, OutgoingSignal } from "./call-provider";
import { SignallingClient } from "./signalling-client";

const hello = (n: number): OutgoingSignal => ({ kind: "HELLO", toPeer: null, payload: { mic: n % 2 === 0, camera: true } });
const incoming = (id: number): IncomingSignal => ({ id, fromPeer: "other-page", toPeer: null, kind: "HELLO", payload: {} });

function fakeTransport() {
  const sent: OutgoingSignal[][] = [];
  const polls: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let pages: { messages: IncomingSignal[]; cursor: number; more: boolean }[] = [];
  const transport: CallTransport = {
    config: () => Promise.reject(new Error("unused")),
    send: async (_l, _p, messages) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 100));
      sent.push(messages);
      inFlight -= 1;
    },
    poll: async (_l, after) => {
      polls.push(after);
      return pages.shift() ?? { messages: [], cursor: after, more: false };
    },
    heartbeat: async () => {},
    sendOnExit: () => {},
  };
  return { transport, sent, polls, maxInFlight: () => maxInFlight, setPages: (p: typeof pages) => (pages = p) };
}

describe("signalling client", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends one batch at a time, in the order the messages were made", async () => {
    const f = fakeTransport();
    const client = new SignallingClient({
      lessonId: "l",
      peerId: () => "me",
      transport: f.transport,
      onMessages: async () => {},
      onRefused: () => {},
    });
    client.start(1_000);
    client.send(hello(1));
    client.send(hello(2));
    await vi.advanceTimersByTimeAsync(60); // the burst window closes: one request with both
    client.send(hello(3));
    client.send(hello(4));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(f.sent.map((b) => b.map((m) => (m.payload as { mic: boolean }).mic))).toEqual([
      [false, true],
      [false, true],
    ]);
    expect(f.maxInFlight()).toBe(1);
    client.stop();
  });

  it("polls after its cursor, hands messages over in order, and keeps going while there are more", async () => {
    const f = fakeTransport();
    const seen: number[] = [];
    f.setPages([
      { messages: [incoming(1), incoming(2)], cursor: 2, more: true },
      { messages: [incoming(3)], cursor: 3, more: false },
    ]);
    const client = new SignallingClient({
      lessonId: "l",
      peerId: () => "me",
      transport: f.transport,
      onMessages: async (m) => void seen.push(...m.map((x) => x.id)),
      onRefused: () => {},
    });
    client.start(1_000);
    await vi.advanceTimersByTimeAsync(2_500);
    expect(seen).toEqual([1, 2, 3]);
    expect(f.polls.slice(0, 3)).toEqual([0, 2, 3]);
    client.stop();
  });

  it("a faster pace polls at once; a refusal stops everything", async () => {
    const f = fakeTransport();
    let refused = "";
    const client = new SignallingClient({
      lessonId: "l",
      peerId: () => "me",
      transport: f.transport,
      onMessages: async () => {},
      onRefused: (m) => (refused = m),
    });
    client.start(10_000);
    await vi.advanceTimersByTimeAsync(10);
    expect(f.polls).toHaveLength(1);
    client.setPace(400);
    await vi.advanceTimersByTimeAsync(10);
    expect(f.polls).toHaveLength(2);
    f.transport.poll = () =>
      Promise.reject(Object.assign(new Error("The call for this lesson is over."), { data: { code: "PRECONDITION_FAILED" } }));
    await vi.advanceTimersByTimeAsync(500);
    expect(refused).toBe("The call for this lesson is over.");
    const before = f.polls.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(f.polls.length).toBe(before);
  });
});
