import "server-only";
// When the database pool or a provider's request budget is saturated, a request has already waited a bounded time
// (the transaction's maxWait, the limiter's maxWaitMs). It then answers in words, with when to come back — never with
// the driver's error. tRPC's one error mapping (src/server/api/trpc.ts) and the route's Retry-After header use this.
import { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/server/errors";
import { ProviderBusyError } from "~/server/payments/shared-rate-limiter";

/** Prisma codes for "no connection or transaction could be had in time": the pool is saturated, not the data wrong. */
const SATURATED_DB_CODES = new Set(["P2024", "P2028"]);

/** Seconds a client should wait before trying a refused request again. */
export const DB_BUSY_RETRY_AFTER_SECONDS = 2;

/** The AppError a saturated pool or provider budget becomes; null for any other error. */
export function busyError(e: unknown): AppError | null {
  if (e instanceof ProviderBusyError) {
    const retryAfterSeconds = Math.max(1, Math.ceil(e.retryAfterMs / 1000));
    return new AppError("RATE_LIMITED", `Payments are busy right now. Nothing was changed; try again in ${retryAfterSeconds} s.`, {
      rule: "PROVIDER_BUSY",
      retryAfterSeconds,
    });
  }
  if (e instanceof Prisma.PrismaClientKnownRequestError && SATURATED_DB_CODES.has(e.code)) {
    return new AppError("RATE_LIMITED", `We are very busy right now. Nothing was changed; try again in ${DB_BUSY_RETRY_AFTER_SECONDS} s.`, {
      rule: "SERVER_BUSY",
      retryAfterSeconds: DB_BUSY_RETRY_AFTER_SECONDS,
    });
  }
  return null;
}

/** The Retry-After value (seconds) for a response carrying these errors' causes, or null when none was a refusal. */
export function retryAfterSeconds(causes: unknown[]): number | null {
  const seconds = causes
    .map((c) => (c instanceof AppError && c.code === "RATE_LIMITED" ? Number(c.details.retryAfterSeconds ?? 1) : null))
    .filter((s): s is number => s !== null);
  return seconds.length ? Math.max(...seconds) : null;
}
