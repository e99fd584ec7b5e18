import "server-only";
import { deleteExpiredCallSignals } from "~/server/call";
import { sendDueNotifications } from "~/server/notifications/worker";
import { runDueOperations } from "~/server/payments/operation-worker";
import type { Services } from "~/server/services";
import { authorizeScheduledPayments } from "./authorize-scheduled";
import { finalizeDueLessons } from "./finalize-due-lessons";
import { reconcile } from "~/server/reconciliation";
import { sweep } from "./sweep";
import type { JobBudget } from "./run-each";

/**
 * /api/cron/finalize, every minute: settle due lessons, authorize due far-ahead bookings, run due operations, then
 * send the messages all of that (and anything since the last tick) wrote.
 */
export async function finalizeTick(services: Services, budget: JobBudget) {
  const finalize = await finalizeDueLessons(services, budget);
  const authorize = await authorizeScheduledPayments(services, budget);
  const operations = await runDueOperations(services, { stopAt: budget.stopAt, workerId: "cron-finalize" });
  const notifications = await sendDueNotifications(services, { stopAt: budget.stopAt, workerId: "cron-finalize" });
  return { finalize, authorize, operations, notifications };
}

/** /api/cron/sweep, every 15 minutes: the windowless safety net, then run what it found. */
export async function sweepTick(services: Services, budget: JobBudget) {
  const found = await sweep(services, budget);
  const operations = await runDueOperations(services, { stopAt: budget.stopAt, workerId: "cron-sweep" });
  const expiredCallSignals = await deleteExpiredCallSignals(services);
  const notifications = await sendDueNotifications(services, { stopAt: budget.stopAt, workerId: "cron-sweep" });
  return { sweep: found, operations, expiredCallSignals, notifications };
}

/**
 * /api/cron/reconcile, hourly: a full-book pass starts once per reconcileIntervalMs (daily); the hourly tick resumes a
 * pass the function's time limit stopped, so a large book finishes the same day instead of the next.
 */
export async function reconcileTick(services: Services, budget: JobBudget) {
  return { reconcile: await reconcile(services, { budget }) };
}
