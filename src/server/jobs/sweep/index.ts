// The safety net, with NO time window (the system this replaces only looked back one hour). One run takes one
// clock reading and does, in this order:
//   1. sweepOrphans          any terminal lesson whose payment is still held (or not yet settled) with no live
//                            operation, and lessons the finalize cron missed → SWEEP (alert + the operation);
//   2. markStuckOperations   operations stuck in flight → UNKNOWN, so the worker reconciles them with the provider;
//   3. checkHeldPayments     holds whose provider state disagrees with ours → repaired through commands;
//   4. checkStrayHolds       money held where our books say none is (a payment we released whose intent still
//                            holds, stray intents of ours) → alert + release, never a change to the payment;
//   5. watchNegativeBalances tutors whose balance stays negative past the policy's days → alert;
//   6. watchCaptureDeadlines holds within the warning window of captureBefore on lessons not yet over → alert.
// 6 runs after 3 so that a hold which has already lapsed is recorded as EXPIRED (one alert for one event) rather
// than first reported as "nearing its deadline".
import "server-only";
import type { Services } from "~/server/services";
import type { JobBudget } from "../run-each";
import { watchCaptureDeadlines } from "./capture-deadlines";
import { checkHeldPayments } from "./held-payments";
import { sweepOrphans } from "./orphans";
import { markStuckOperations } from "./stuck-operations";
import { checkStrayHolds } from "./stray-holds";
import { watchNegativeBalances } from "./negative-balances";

export { STUCK_IN_FLIGHT_MS } from "./stuck-operations";

/** One sweep run: the moment it looks at, and how much it may do. */
export interface SweepRun {
  now: Date;
  budget: JobBudget;
}

export async function sweep(services: Services, budget: JobBudget = {}) {
  const run: SweepRun = { now: services.now(), budget };
  const { orphansSwept, overdueFinalized } = await sweepOrphans(services, run);
  const stuckOperations = await markStuckOperations(services, run);
  const { reconciled, repaired } = await checkHeldPayments(services, run);
  const strayHolds = await checkStrayHolds(services, run);
  const negativeBalanceAlerts = await watchNegativeBalances(services, run);
  const deadlineAlerts = await watchCaptureDeadlines(services, run);
  return { orphansSwept, overdueFinalized, stuckOperations, deadlineAlerts, reconciled, repaired, strayHolds, negativeBalanceAlerts };
}
