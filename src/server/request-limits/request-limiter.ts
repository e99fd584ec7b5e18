import "server-only";
// Per-user and per-address request budgets, counted in PostgreSQL with rate-limiter-flexible's PostgreSQL store, so
// every app instance spends the same budget. A refused request is an AppError RATE_LIMITED that says when to retry.
// The PostgreSQL store, not the Prisma one: it spends a key with one prepared statement on the pool under our client
// (an upsert that starts a new window when the old one expired), where the Prisma store sends a DELETE and an upsert
// through the ORM — four statements per mutation for two keys, a fifth of lesson.join's work (bench/http).
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { type Db, poolOf } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { type Bucket, DEFAULT_REQUEST_LIMITS, type RequestKind, type RequestLimits, waitInWords } from "./limits";

export interface RequestLimiter {
  /** Spends one request of `kind` for the user and the address; throws RATE_LIMITED when either budget is spent. */
  spend(kind: RequestKind, who: { userId: string | null; address: string | null }): Promise<void>;
}

/** rate-limiter-flexible over our client's pool; the table is `request_budget` (made by a migration, not at run time). */
export function budgetLimiter(db: Db, keyPrefix: string, bucket: Bucket): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: poolOf(db),
    storeType: "pool",
    tableName: "request_budget",
    tableCreated: true,
    keyPrefix,
    points: bucket.points,
    duration: bucket.durationSeconds,
  });
}

/** Rejects with RATE_LIMITED when the limiter refuses; a store failure is rethrown (the request fails, it is not waved through). */
export async function spendOrRefuse(limiter: RateLimiterPostgres, key: string, who: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const retryAfterSeconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw new AppError("RATE_LIMITED", `Too many requests from ${who}. Try again in ${waitInWords(retryAfterSeconds)}.`, {
      rule: "REQUEST_LIMIT",
      retryAfterSeconds,
    });
  }
}

export function createRequestLimiter(db: Db, limits: Readonly<RequestLimits> = DEFAULT_REQUEST_LIMITS): RequestLimiter {
  const l = {
    mutationUser: budgetLimiter(db, "mutation:user", limits.mutationPerUser),
    mutationAddress: budgetLimiter(db, "mutation:address", limits.mutationPerAddress),
    expensiveUser: budgetLimiter(db, "expensive:user", limits.expensiveQueryPerUser),
    expensiveAddress: budgetLimiter(db, "expensive:address", limits.expensiveQueryPerAddress),
    signallingUser: budgetLimiter(db, "signalling:user", limits.signallingPerUser),
  };
  return {
    async spend(kind, { userId, address }) {
      if (kind === "unlimited") return;
      if (kind === "signalling") {
        // Only participants may signal (the procedures check), so the user is the key; no address budget for a call.
        if (userId) await spendOrRefuse(l.signallingUser, userId, "your account");
        return;
      }
      const [perUser, perAddress] = kind === "mutation" ? [l.mutationUser, l.mutationAddress] : [l.expensiveUser, l.expensiveAddress];
      if (userId) await spendOrRefuse(perUser, userId, "your account");
      if (address) await spendOrRefuse(perAddress, address, "your network address");
    },
  };
}

// One limiter per database client: the app has one client per process, tests one per file.
const limiters = new WeakMap<Db, RequestLimiter>();

export function requestLimiterFor(db: Db): RequestLimiter {
  let limiter = limiters.get(db);
  if (!limiter) limiters.set(db, (limiter = createRequestLimiter(db)));
  return limiter;
}
