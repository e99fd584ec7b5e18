import "server-only";
// Wrong passwords slow down the one (account, address) pair they come from, more with each one: a few are free, then
// each further failure makes that pair wait twice as long (2 s, 4 s, 8 s … at most 15 min). Nobody can lock a person
// out of their account by failing on purpose from elsewhere, since the owner signs in from another address; guessing
// across many accounts from one address is held back by the per-address limit. A right password clears the pair.
// The counters live in PostgreSQL (rate-limiter-flexible's Prisma store), shared by every instance.
import { RateLimiterPrisma } from "rate-limiter-flexible";
import type { Db } from "~/server/db/client";
import { waitInWords } from "~/server/request-limits/limits";

const FAILURE_MEMORY_SECONDS = 60 * 60;
const MAX_DELAY_SECONDS = 15 * 60;

/** The wait after failure number `failures` when `free` failures pass without one: first, then doubling, at most 15 min. */
export function delayAfterFailure(failures: number, free: number, firstDelaySeconds = 2): number {
  if (failures <= free) return 0;
  return Math.min(MAX_DELAY_SECONDS, firstDelaySeconds * 2 ** Math.min(failures - free - 1, 20));
}

export interface SignInThrottle {
  /** null when this pair may try now; otherwise how long it must wait, in seconds and in words */
  waitFor(email: string, address: string | null): Promise<{ seconds: number; message: string } | null>;
  recordFailure(email: string, address: string | null): Promise<void>;
  recordSuccess(email: string, address: string | null): Promise<void>;
}

export function createSignInThrottle(db: Db, opts: { freeFailures: number; firstDelaySeconds?: number }): SignInThrottle {
  const store = { storeClient: db, tableName: "requestLimit" };
  // Counts failures of one pair for an hour after the first; points is only a ceiling here, the delay decides.
  const failures = new RateLimiterPrisma({ ...store, keyPrefix: "sign-in:failures", points: 1_000_000, duration: FAILURE_MEMORY_SECONDS });
  // Holds the pair's current wait: block() sets it, get() reads it.
  const delay = new RateLimiterPrisma({ ...store, keyPrefix: "sign-in:delay", points: 1, duration: 1 });
  const key = (email: string, address: string | null) => `${email.trim().toLowerCase()}|${address ?? "unknown"}`;

  return {
    async waitFor(email, address) {
      const res = await delay.get(key(email, address));
      if (!res || res.consumedPoints <= 1 || res.msBeforeNext <= 0) return null;
      const seconds = Math.ceil(res.msBeforeNext / 1000);
      return {
        seconds,
        message: `Too many wrong passwords for this account from your network address. Try again in ${waitInWords(seconds)}, or reset your password.`,
      };
    },
    async recordFailure(email, address) {
      const res = await failures.penalty(key(email, address));
      const seconds = delayAfterFailure(res.consumedPoints, opts.freeFailures, opts.firstDelaySeconds);
      if (seconds > 0) await delay.block(key(email, address), seconds);
    },
    async recordSuccess(email, address) {
      await Promise.all([failures.delete(key(email, address)), delay.delete(key(email, address))]);
    },
  };
}
