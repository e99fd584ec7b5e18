import "server-only";
import Bottleneck from "bottleneck";

// Keeps this process below the provider's request rate (Stripe: 100/s in live mode), which
// the provider counts over a rolling second.
// bottleneck's minTime, given as an exact fraction (1000/95 = 10.526… ms), puts request
// starts on a fixed grid: while requests are queued, each slot is the previous slot plus
// minTime, not "when the last timer happened to fire" plus minTime, so a late timer does
// not push every later request back (whole-millisecond spacing plus timer lateness capped
// an 11 ms limiter at ~87/s). A rolling second therefore holds at most `perSecond`
// scheduled starts; a late timer can only bunch a few together, which the gap to the
// provider's limit (100 − 95) absorbs (~50 ms of event-loop pause).
// A 429 that still happens (another process sharing the account) goes back to the queue
// with backoff in the worker: never dropped.
// This limiter is per process (tests, tools). The app's Stripe budget is shared by every
// instance through PostgreSQL: see shared-rate-limiter.ts.

export interface ProviderLimiter {
  /** Starts `fn` when the budget allows one request. */
  schedule<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` with each of its provider HTTP requests started when the budget allows it (through the Stripe client's
   * request gate), rather than `fn` itself: the shared limiter's requests then start from a thread of their own.
   */
  gated?<T>(fn: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

export function limiterSettings(opts: { perSecond: number; maxConcurrent?: number }): Bottleneck.ConstructorOptions {
  if (!(opts.perSecond > 0) || !Number.isFinite(opts.perSecond)) throw new Error("perSecond must be a positive number");
  // maxConcurrent counts requests waiting for their slot as well as those out at the
  // provider: 100 keeps 95/s going while the provider answers in up to ~1 s.
  return { minTime: 1000 / opts.perSecond, maxConcurrent: opts.maxConcurrent ?? 100 };
}

export function createProviderLimiter(opts: { perSecond: number; maxConcurrent?: number }): ProviderLimiter {
  const limiter = new Bottleneck(limiterSettings(opts));
  return {
    schedule: (fn) => limiter.schedule(fn),
    stop: () => limiter.stop({ dropWaitingJobs: false }),
  };
}

/** Default: 95 % of Stripe's live-mode limit per rolling second; the rest is jitter headroom. */
export const DEFAULT_PROVIDER_RATE_PER_SECOND = 95;
