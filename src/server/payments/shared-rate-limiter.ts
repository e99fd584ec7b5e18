import "server-only";
// One provider request budget for every process (each Vercel instance runs the worker and serves requests): a token
// bucket in one PostgreSQL row, refilled at `perSecond` by the database's clock, so instances need not agree on time.
// Calls reserve their tokens with one UPDATE per round (all calls waiting in this process at once) and, if the bucket
// is in debt, sleep until their token is due: no polling, and the reservations of all processes form one queue. Over any span of T seconds at most
// burst + perSecond × (T + maxLateMs) requests start (a call whose timer fired late reserves again), so with burst 1,
// 95/s and 40 ms a provider's rolling 100/s is never exceeded.
// A reservation further ahead than `maxWaitMs` is not taken: the call fails with ProviderBusyError (it says when to
// come back), so a burst degrades into a bounded wait and then a refusal, never an unbounded queue.
// Written by hand: rate-limiter-flexible's PostgreSQL store counts fixed windows, which against a rolling-second limit
// must be cut to limit ÷ (windows per second + 1) per window and loses the gap between windows.
import Bottleneck from "bottleneck";
import type { Db } from "~/server/db/client";
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
  /** tokens an idle bucket holds (requests that may start at once) */
  burst?: number;
  /** the longest a call waits for its reserved token before it is refused */
  maxWaitMs?: number;
  /** provider calls in flight from this process at most */
  maxConcurrent?: number;
  /** how late after its reserved instant a call may still send; later, it gives the slot up and reserves again */
  maxLateMs?: number;
}

export function createSharedProviderLimiter(db: Db, opts: SharedLimiterOptions): ProviderLimiter {
  if (!(opts.perSecond > 0) || !Number.isFinite(opts.perSecond)) throw new Error("perSecond must be a positive number");
  const burst = opts.burst ?? 1;
  const maxWaitMs = opts.maxWaitMs ?? 30_000;
  const local = new Bottleneck({ maxConcurrent: opts.maxConcurrent ?? 100 });
  const maxDebt = (maxWaitMs / 1000) * opts.perSecond;
  // A timer that fires late (a stalled event loop, a busy machine) would send every call due during the stall at once,
  // on top of the calls due next: that bunching, not the bucket, is what drew 429s. A call later than this gives its
  // slot up and queues again, so sends stay within perSecond × (1 s + maxLateMs) + burst of any rolling second.
  const maxLateMs = opts.maxLateMs ?? 40;

  // Calls waiting for their turn in this process. One reservation query at a time takes tokens for all of them: the
  // database sees one statement per process per round, however many calls are waiting, and the pool stays free for
  // the work the calls are for.
  const waiting: { resolve: (waitMs: number) => void; reject: (e: unknown) => void }[] = [];
  let reserving = false;

  const reserveFor = async (count: number): Promise<{ granted: number; available: number }> => {
    for (let attempt = 0; attempt < 2; attempt++) {
      // Tokens after the refill since the last reservation (capped at the burst), then as many of `count` as do not
      // reserve further ahead than maxWaitMs. `available` - j - 1 < 0 is how far ahead the j-th token is.
      const rows = await db.$queryRaw<{ granted: number; available: number }[]>`
        UPDATE "ProviderRateBudget" SET tokens = avail.t - avail.g, "refilledAt" = avail.at
        FROM (SELECT t, at, LEAST(${count}::int, GREATEST(0, floor(t + ${maxDebt}::float8)))::int AS g
              FROM (SELECT LEAST(${burst}::float8, b.tokens + ${opts.perSecond}::float8 * EXTRACT(EPOCH FROM (clock_timestamp() - b."refilledAt")))::float8 AS t,
                           clock_timestamp() AS at
                    FROM "ProviderRateBudget" b WHERE b.key = ${opts.key} FOR UPDATE) AS refill) AS avail
        WHERE key = ${opts.key}
        RETURNING avail.g AS granted, avail.t AS available`;
      if (rows[0]) return rows[0];
      await db.$executeRaw`INSERT INTO "ProviderRateBudget" (key, tokens, "refilledAt") VALUES (${opts.key}, ${burst}, clock_timestamp())
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
          const { granted, available } = await reserveFor(round.length);
          round.forEach((call, j) => {
            const aheadMs = (-(available - j - 1) / opts.perSecond) * 1000;
            if (j < granted) call.resolve(Math.max(0, aheadMs));
            else call.reject(new ProviderBusyError(opts.key, aheadMs - maxWaitMs));
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
    new Promise<number>((resolve, reject) => {
      waiting.push({ resolve, reject });
      void reserveRound();
    });

  return {
    schedule: (fn) =>
      local.schedule(async () => {
        for (;;) {
          const waitMs = await reserve();
          const dueAt = performance.now() + waitMs;
          if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
          if (performance.now() - dueAt <= maxLateMs) return fn();
        }
      }),
    stop: () => local.stop({ dropWaitingJobs: false }),
  };
}
