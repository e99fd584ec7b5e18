// The limiter must keep a sustained stream of provider calls under the provider's rolling
// one-second limit. Judged by the Stripe sandbox's own limiter (the one that answers 429),
// set to 100/s as Stripe's live mode is, with ours at its default.
import { describe, expect, it } from "vitest";
import { SlidingWindowLimiter } from "~/sandbox/shared/rate-limit";
import { createProviderLimiter, DEFAULT_PROVIDER_RATE_PER_SECOND, limiterSettings } from "./rate-limiter";

describe("provider rate limiter", () => {
  it("keeps three seconds of back-to-back calls under a 100/s rolling limit: no call would get a 429", async () => {
    const limiter = createProviderLimiter({ perSecond: DEFAULT_PROVIDER_RATE_PER_SECOND });
    const provider = new SlidingWindowLimiter(100);
    const starts: number[] = [];
    let refused = 0;
    await Promise.all(
      Array.from({ length: 3 * DEFAULT_PROVIDER_RATE_PER_SECOND }, () =>
        limiter.schedule(async () => {
          starts.push(performance.now());
          if (!provider.tryAcquire()) refused += 1;
          await new Promise((r) => setTimeout(r, 50)); // the provider's answer takes a while
        }),
      ),
    );
    await limiter.stop();
    expect(refused).toBe(0);
    // and it is a rate limit, not a burst: no rolling second saw more than ours (+1 for a late timer)
    let most = 0;
    for (let i = 0, j = 0; i < starts.length; i++) {
      while (starts[i]! - starts[j]! >= 1000) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(DEFAULT_PROVIDER_RATE_PER_SECOND + 1);
  });

  it("spaces calls by the exact fraction of a second, not a rounded millisecond", () => {
    // 1000/95 rounded to 11 ms capped the old limiter at ~87/s; rounded to 10 ms it would reach the limit
    expect(limiterSettings({ perSecond: 95 }).minTime).toBeCloseTo(10.526, 3);
  });

  it("refuses a rate that is not a positive number", () => {
    expect(() => createProviderLimiter({ perSecond: 0 })).toThrow(/perSecond must be a positive number/);
    expect(() => createProviderLimiter({ perSecond: Number.NaN })).toThrow(/perSecond/);
  });
});
