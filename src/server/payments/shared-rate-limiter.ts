import "server-only";
// One provider request budget for every process (each Vercel instance runs the worker and serves requests).
// What it guarantees: PostgreSQL hands out send instants 1/perSecond apart on its own clock, in one queue for all
// processes (one row: the next free instant), and a call starts only when the database's clock is surely within
// [its instant − 1 ms, its instant + toleranceMs]. So any rolling second holds at most
// ⌈perSecond × (1 s + 1 ms + toleranceMs)⌉ starts, on any clock that does not drift against the database's, however
// busy or delayed a process is: 97 at 95/s with 20 ms, under Stripe's rolling 100/s with ~30 ms left for the network
// and the provider's own event loop (bench/shared-limit shows the busiest second the sandbox saw).
// Why absolute instants: the token bucket this replaces told each call "wait w ms" and measured lateness from the
// moment its reply arrived, so a process whose reply came late (a busy event loop) sent all its calls late by that
// much without knowing it, into the rolling second of the other processes' calls: 429s. Here each process bounds its
// offset to the database clock from each round trip (clock_timestamp() was read after the statement was sent and
// before its reply came: offset ∈ [db − received, db − sent]) and intersects the recent bounds; a call starts only if
// the whole uncertainty fits its window. Otherwise it gives the slot up (a wasted slot is safe, a bunched start is
// not) and reserves again; bounds too wide to tell are narrowed by a clock probe shortly before the slot.
// Who starts the request: for the gateway's calls (`gated`), not this thread but the sender thread (instant-sender.ts)
// — the Stripe client's HTTP layer hands each request to the gate, the gate reserves its slot here and passes the
// request with its window to the thread, which starts it in that window or reports the slot lost. A garbage
// collection or a batch of outcomes on this thread delayed ~3 % of starts past the tolerance when this thread sent
// them (bench/shared-limit: 14–29 slots lost per 1,000 captures); from the thread, none to a few. `schedule(fn)` still
// starts `fn` from here, for callers whose work is not one HTTP request.
// Calls reserve with one UPDATE per round (all calls waiting in this process at once): no polling. An instant further
// ahead than `maxWaitMs` is not taken, and a call that has waited 4 × that in all is refused: ProviderBusyError (it
// says when to come back), so a burst degrades into a bounded wait and then a refusal, never an unbounded queue.
// Written by hand: rate-limiter-flexible's PostgreSQL store counts fixed windows, which against a rolling-second limit
// must be cut to limit ÷ (windows per second + 1) per window and loses the gap between windows.
import PQueue from "p-queue";
import type { Db } from "~/server/db/client";
import { type RequestGate, withRequestGate } from "~/server/providers/stripe";
import { createInstantSender, monotonicMs, type SendWindow } from "./instant-sender";
import type { ProviderLimiter } from "./rate-limiter";

export class ProviderBusyError extends Error {
  constructor(
    readonly provider: string,
    readonly retryAfterMs: number,
  ) {
    super(`${provider} is busy: our request budget is reserved for the next ${Math.ceil(retryAfterMs / 1000)} s. Try again then.`);
    this.name = "ProviderBusyError";
  }
}

export interface SharedLimiterOptions {
  /** the budget's name, e.g. "stripe" */
  key: string;
  perSecond: number;
  /** the longest a call waits for one turn before it is refused (4 × that in all, slots given up included) */
  maxWaitMs?: number;
  /** provider calls in flight from this process at most */
  maxConcurrent?: number;
  /** how late after its instant (database clock) a call may still start; later, it gives the slot up and reserves again */
  toleranceMs?: number;
}

/** How early before its instant a call may start: a timer rounded to the millisecond may fire that much before it. */
const EARLY_MS = 1;
/** Offset bounds older than this are not combined with newer ones (the database's clock may be slewed meanwhile). */
const SAMPLE_TTL_MS = 5_000;

/** Bounds on (database clock − local clock), in ms, from one reservation's round trip. */
interface OffsetSample {
  lower: number;
  upper: number;
  at: number;
}

/** How long before a call's window a too-uncertain offset is narrowed by a clock probe, and how often at most. */
const PROBE_LEAD_MS = 100;
const PROBE_GAP_MS = 20;

/** A call that has given up slots and queued again is refused after this many times maxWaitMs in all. */
const GIVE_UP_AFTER_WAITS = 4;

/** An idle queue's first instant is this many round trips ahead (the latest, or half the lead before, if longer)… */
const LEAD_PER_ROUND_TRIP = 1.5;
/** …and never more than this ahead. */
const MAX_LEAD_MS = 1_000;

/** Clock probes before the first slot: at least this many, and more while the bounds are wider than half a window. */
const READY_PROBES_MIN = 3;
const READY_PROBES_MAX = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SharedProviderLimiter extends ProviderLimiter {
  gated: NonNullable<ProviderLimiter["gated"]>;
  /**
   * Gets ready before the first request: starts the sender thread (which takes tens of ms) and bounds the offset to
   * the database's clock while this process is idle, so that its first slots are not lost to a busy start. The first
   * gated call waits for it too; calling it earlier (a worker before its first claim) takes that wait off the call.
   */
  ready(): Promise<void>;
  /** requests started, and slots given up because their window may have passed (a busy process's lost throughput) */
  stats(): { started: number; lostSlots: number };
}

export function createSharedProviderLimiter(db: Db, opts: SharedLimiterOptions): SharedProviderLimiter {
  if (!(opts.perSecond > 0) || !Number.isFinite(opts.perSecond)) throw new Error("perSecond must be a positive number");
  const maxWaitMs = opts.maxWaitMs ?? 30_000;
  const toleranceMs = opts.toleranceMs ?? 20;
  const stepMs = 1000 / opts.perSecond;
  // The cap on calls in flight from this process. p-queue starts a call in the same tick it is added (below the cap):
  // Bottleneck, which this replaced here, starts queued jobs one by one through its datastore's timer-paced lock (100
  // scheduled at once started over ~300 ms on this machine, 1.2 ms with p-queue), so 100 claimed captures reached the
  // budget ~10 ms apart under load, the schedule of instants stayed ~100 ms deep, and a busy moment lost slots.
  const local = new PQueue({ concurrency: opts.maxConcurrent ?? 100 });
  let stopped = false;
  const admit = <T>(fn: () => Promise<T>): Promise<T> => {
    if (stopped) return Promise.reject(new Error(`the ${opts.key} limiter has been stopped`));
    return local.add(fn, { throwOnTimeout: true });
  };

  const counts = { started: 0, lostSlots: 0 };
  const samples: OffsetSample[] = [];
  /** The intersection of the recent bounds; the newest alone if they disagree (the database's clock was stepped). */
  const offsetBounds = (): { lower: number; upper: number } => {
    const newest = samples[samples.length - 1];
    if (!newest) return { lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY };
    let lower = newest.lower;
    let upper = newest.upper;
    for (const s of samples) {
      if (newest.at - s.at > SAMPLE_TTL_MS) continue;
      lower = Math.max(lower, s.lower);
      upper = Math.min(upper, s.upper);
    }
    return lower <= upper ? { lower, upper } : { lower: newest.lower, upper: newest.upper };
  };
  // How far ahead of the database's now an idle queue's first instant is put: about as long as a reply takes to come
  // back. An instant at the database's now is already past when the reply arrives, and a reply later than toleranceMs
  // (a loaded machine: 190–260 ms seen) lost that slot, and the next, for as long as the replies stayed that slow.
  let leadMs = 0;
  const addSample = (s: OffsetSample) => {
    leadMs = Math.min(MAX_LEAD_MS, Math.max(LEAD_PER_ROUND_TRIP * (s.upper - s.lower), leadMs / 2));
    samples.push(s);
    while (samples.length > 0 && s.at - samples[0]!.at > SAMPLE_TTL_MS) samples.shift();
    if (samples.length > 64) samples.shift();
  };

  // Calls waiting for their instant in this process. One reservation query at a time takes instants for all of them:
  // the database sees one statement per process per round, however many calls are waiting.
  type Slot = { instantMs: number };
  const waiting: { resolve: (slot: Slot) => void; reject: (e: unknown) => void }[] = [];
  let reserving = false;
  /** how far ahead the queue was at the last reservation: when a refused call may come back */
  let lastAheadMs = stepMs;

  const reserveFor = async (count: number): Promise<{ granted: number; firstMs: number; nowMs: number }> => {
    for (let attempt = 0; attempt < 2; attempt++) {
      // The first free instant (now plus the lead, if the queue is idle), then as many of `count` instants stepMs apart as do not
      // lie further ahead than maxWaitMs; the queue moves on past them. Instants are returned as epoch ms (float8:
      // sub-millisecond, which a Date is not).
      const sent = monotonicMs();
      const rows = await db.$queryRaw<{ granted: number; firstMs: number; nowMs: number }[]>`
        UPDATE "ProviderRateBudget" SET "nextFreeAt" = q.first + make_interval(secs => q.g * ${stepMs / 1000}::float8)
        FROM (SELECT first, now, LEAST(${count}::int, GREATEST(0, floor((${maxWaitMs}::float8 - EXTRACT(EPOCH FROM first - now)::float8 * 1000) / ${stepMs}::float8) + 1))::int AS g
              FROM (SELECT GREATEST(c.now + make_interval(secs => ${leadMs / 1000}::float8), b."nextFreeAt") AS first, c.now
                    FROM "ProviderRateBudget" b, (SELECT clock_timestamp() AS now) c
                    WHERE b.key = ${opts.key} FOR UPDATE OF b) AS free) AS q
        WHERE key = ${opts.key}
        RETURNING q.g AS granted, (EXTRACT(EPOCH FROM q.first) * 1000)::float8 AS "firstMs", (EXTRACT(EPOCH FROM q.now) * 1000)::float8 AS "nowMs"`;
      const received = monotonicMs();
      const row = rows[0];
      if (row) {
        addSample({ lower: row.nowMs - received, upper: row.nowMs - sent, at: received });
        return row;
      }
      await db.$executeRaw`INSERT INTO "ProviderRateBudget" (key, "nextFreeAt") VALUES (${opts.key}, clock_timestamp())
        ON CONFLICT (key) DO NOTHING`;
    }
    throw new Error(`the rate budget ${opts.key} could not be created`);
  };

  const reserveRound = async () => {
    if (reserving) return;
    reserving = true;
    try {
      while (waiting.length > 0) {
        const round = waiting.splice(0, waiting.length);
        try {
          const { granted, firstMs, nowMs } = await reserveFor(round.length);
          lastAheadMs = Math.max(stepMs, firstMs - nowMs);
          round.forEach((call, j) => {
            const instantMs = firstMs + j * stepMs;
            if (j < granted) call.resolve({ instantMs });
            else call.reject(new ProviderBusyError(opts.key, instantMs - nowMs - maxWaitMs));
          });
        } catch (e) {
          for (const call of round) call.reject(e);
        }
      }
    } finally {
      reserving = false;
    }
  };

  const reserve = () =>
    new Promise<Slot>((resolve, reject) => {
      waiting.push({ resolve, reject });
      void reserveRound();
    });

  // A clock probe: when the bounds so far are too wide for a call's window (a process's first reservations, a busy
  // event loop that delivered every reply late), one cheap statement in flight at a time narrows them.
  let probing: Promise<void> | null = null;
  const probe = () =>
    (probing ??= (async () => {
      try {
        const sent = monotonicMs();
        const [row] = await db.$queryRaw<{ nowMs: number }[]>`SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::float8 AS "nowMs"`;
        const received = monotonicMs();
        if (row) addSample({ lower: row.nowMs - received, upper: row.nowMs - sent, at: received });
      } finally {
        probing = null;
      }
    })());

  /**
   * The local window (monotonicMs) in which the database's clock is surely within [instant − EARLY_MS, instant +
   * toleranceMs]; null if the slot is lost (that window may have passed). Narrows the offset bounds first if they are
   * too wide for the window.
   */
  const windowOf = async ({ instantMs }: Slot): Promise<SendWindow | null> => {
    for (;;) {
      const { lower, upper } = offsetBounds();
      const earliestMs = instantMs - EARLY_MS - lower; // local time from which the database's clock is surely past the start
      const latestMs = instantMs + toleranceMs - upper; // local time after which it may be past the window's end
      const now = monotonicMs();
      if (now > latestMs) {
        counts.lostSlots += 1;
        return null;
      }
      if (earliestMs <= latestMs) return { earliestMs, latestMs };
      // too uncertain to send: narrow the bounds while the slot may still be met, once it is near (a probe at most
      // every PROBE_GAP_MS per process, however many calls wait)
      const untilNear = latestMs - PROBE_LEAD_MS - now;
      if (untilNear > 0) await sleep(untilNear);
      else await Promise.all([probe().catch(() => undefined), sleep(PROBE_GAP_MS)]);
    }
  };

  /**
   * Starts `fn` on this thread within its slot's window; null if the slot is lost. `fn` starts synchronously after the
   * check: nothing else may run between the decision and the request.
   */
  const atInstant = async <T>(slot: Slot, fn: () => Promise<T>): Promise<{ result: Promise<T> } | null> => {
    for (;;) {
      const window = await windowOf(slot);
      if (!window) return null;
      const now = monotonicMs();
      if (now >= window.earliestMs) {
        counts.started += 1;
        return { result: fn() };
      }
      await sleep(window.earliestMs - now);
    }
  };

  /** Reserves slots until `attempt` meets one; a busy process loses slots and queues again, bounded in all. */
  const inSomeSlot = async <T>(attempt: (slot: Slot) => Promise<T | null>): Promise<T> => {
    // bounded loosely: a tight bound refused captures that a loaded machine had queued at the back more than once
    const deadline = monotonicMs() + GIVE_UP_AFTER_WAITS * maxWaitMs;
    for (;;) {
      const done = await attempt(await reserve());
      if (done !== null) return done;
      if (monotonicMs() >= deadline) throw new ProviderBusyError(opts.key, lastAheadMs);
    }
  };

  // The requests of gated calls start from the sender's thread, within their windows, whatever this thread is doing.
  const sender = createInstantSender();
  // Before the first slot: the thread running, and the offset bounded narrower than a window by probes while nothing
  // else waits on them. Without it a process's first call had only its own reservation's round trip to go by, which
  // on a loaded machine was 190–260 ms wide: its slot, due at once, was given up before it was ever posted.
  let readying: Promise<void> | null = null;
  const ready = () =>
    (readying ??= (async () => {
      await sender.ready();
      for (let i = 0; i < READY_PROBES_MAX; i++) {
        const { lower, upper } = offsetBounds();
        if (i >= READY_PROBES_MIN && upper - lower <= toleranceMs / 2) break;
        await probe();
      }
    })().catch((e: unknown) => {
      readying = null; // a database that was down is tried again by the next call
      throw e;
    }));
  const gate: RequestGate = async (request) => {
    await ready();
    return inSomeSlot(async (slot) => {
      const window = await windowOf(slot);
      if (!window) return null;
      const r = await sender.send(request, window);
      counts[r.sent ? "started" : "lostSlots"] += 1;
      return r.sent ? r.response : null;
    });
  };

  return {
    schedule: (fn) => admit(async () => (await inSomeSlot((slot) => atInstant(slot, fn))).result),
    gated: (fn) =>
      admit(async () => {
        // A refusal by our own budget before anything was sent is a ProviderBusyError to the caller (a plain retry),
        // not the connection error the SDK would make of it.
        let sent = false;
        let refused: ProviderBusyError | null = null;
        const counting: RequestGate = async (request) => {
          try {
            const response = await gate(request);
            sent = true;
            return response;
          } catch (e) {
            if (e instanceof ProviderBusyError) refused = e;
            else sent = true;
            throw e;
          }
        };
        try {
          return await withRequestGate(counting, fn);
        } catch (e) {
          throw !sent && refused ? refused : e;
        }
      }),
    ready,
    stats: () => ({ ...counts }),
    stop: async () => {
      stopped = true;
      await local.onIdle();
      await sender.close();
    },
  };
}
