import Bottleneck from "bottleneck";

// Keeps this process below the provider's request rate (Stripe: 100/s in live mode).
// Requests are spaced evenly (minTime) rather than released in bursts, so no 1-second
// window ever sees more than `perSecond`. A 429 that still happens (another process
// sharing the account) goes back to the queue with backoff in the worker: never dropped.
// Note: the limit is per process. Several serverless instances share the provider's
// limit; keep `perSecond` at (provider limit / expected concurrent instances).

export interface ProviderLimiter {
  schedule<T>(fn: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

export function createProviderLimiter(opts: { perSecond: number; maxConcurrent?: number }): ProviderLimiter {
  const limiter = new Bottleneck({
    // Whole milliseconds: 90/s → one request every 11 ms (≈ 90.9/s), still below a 100/s limit.
    minTime: Math.max(1, Math.floor(1000 / opts.perSecond)),
    maxConcurrent: opts.maxConcurrent ?? 64,
  });
  return {
    schedule: (fn) => limiter.schedule(fn),
    stop: () => limiter.stop({ dropWaitingJobs: false }),
  };
}

/** Default: 90 % of Stripe's live-mode limit, leaving room for webhooks' follow-up reads. */
export const DEFAULT_PROVIDER_RATE_PER_SECOND = 90;
