import "server-only";
import type { Services } from "~/server/services";
import type { SweepRun } from "./index";

/** An IN_FLIGHT claim older than this belongs to a worker that died: its outcome is unknown. */
export const STUCK_IN_FLIGHT_MS = 2 * 60_000;

/** Operations whose worker is gone → UNKNOWN, due now: the next worker looks at the provider before acting. */
export async function markStuckOperations(services: Services, { now }: SweepRun): Promise<number> {
  const r = await services.db.paymentOperation.updateMany({
    where: { state: "IN_FLIGHT", claimedAt: { lt: new Date(now.getTime() - STUCK_IN_FLIGHT_MS) } },
    data: { state: "UNKNOWN", nextAttemptAt: now, lastError: "worker stopped before recording the outcome; reconciling" },
  });
  return r.count;
}
