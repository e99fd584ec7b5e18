// Sliding one-second window on the real clock (performance.now), not the sandbox
// clock: advancing sandbox time by a week must not refill or drain the bucket.
import { performance } from "node:perf_hooks";

export class SlidingWindowLimiter {
  private stamps: number[] = [];
  private busiest = 0;

  constructor(private perSecond: number) {}

  get limit(): number {
    return this.perSecond;
  }

  /** The most operations let through in one rolling second since the limit was last set: the margin under it. */
  get busiestSecond(): number {
    return this.busiest;
  }

  setLimit(perSecond: number): void {
    if (!Number.isFinite(perSecond) || perSecond < 1) throw new Error("rate limit must be a number >= 1");
    this.perSecond = perSecond;
    this.stamps = [];
    this.busiest = 0;
  }

  /** Records one operation; false when the last second already holds `limit` of them. */
  tryAcquire(): boolean {
    const now = performance.now();
    const cutoff = now - 1000;
    let drop = 0;
    while (drop < this.stamps.length && (this.stamps[drop] ?? 0) <= cutoff) drop++;
    if (drop > 0) this.stamps = this.stamps.slice(drop);
    if (this.stamps.length >= this.perSecond) return false;
    this.stamps.push(now);
    this.busiest = Math.max(this.busiest, this.stamps.length);
    return true;
  }

  reset(): void {
    this.stamps = [];
    this.busiest = 0;
  }
}
