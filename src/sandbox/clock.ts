// A movable clock shared by the Stripe and PayPal sandboxes.
//
// Sandbox time flows with the wall clock (so a PayPal payout still settles if you
// just wait) plus an offset that tests move forward: advancing 7 days is how a test
// makes a card authorization lapse without waiting a week. Listeners run after every
// move so each sandbox can apply expiries and emit the matching events right away,
// not only on the next request.

export type ClockListener = (nowMs: number) => void;

export class SandboxClock {
  private offsetMs = 0;
  private readonly listeners = new Set<ClockListener>();

  constructor(startAtMs?: number) {
    if (startAtMs !== undefined) this.offsetMs = startAtMs - Date.now();
  }

  /** Sandbox time in epoch milliseconds. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Sandbox time in whole epoch seconds, the unit of Stripe's `created` fields. */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Moves sandbox time forward by `ms` (never backwards: providers' clocks do not rewind). */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms) needs a non-negative number, got ${ms}`);
    this.offsetMs += ms;
    return this.notify();
  }

  /** Jumps to an absolute sandbox time (epoch ms). Allowed to go backwards for test setup. */
  set(epochMs: number): number {
    if (!Number.isFinite(epochMs)) throw new RangeError(`set(epochMs) needs a finite number, got ${epochMs}`);
    this.offsetMs = epochMs - Date.now();
    return this.notify();
  }

  /** Back to wall-clock time. */
  reset(): number {
    this.offsetMs = 0;
    return this.notify();
  }

  /** Subscribes to clock moves; returns the unsubscribe function. */
  onChange(listener: ClockListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): number {
    const now = this.now();
    for (const listener of this.listeners) listener(now);
    return now;
  }
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
