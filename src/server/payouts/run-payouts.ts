import "server-only";
import { randomUUID } from "node:crypto";
import { operationRetryDelayMs } from "~/server/lifecycle/policy";
import { sqlIn } from "~/server/db/status-sql";
import { isAvailable, PAYABLE_KINDS, uncoveredEntries } from "~/server/ledger/balances";
import { atInstant, type Services } from "~/server/services";
import { type JobBudget, runEach } from "~/server/jobs/run-each";
import { runDueClawbacks } from "./clawbacks";
import { createPayoutForTutor } from "./create-payout";
import { applyPayoutUpdate, claimDuePayouts, releaseStuckPayouts } from "./payout-state";
import { sendPayout, trackPayPalPayout } from "./send-payout";
import { CLAIMABLE_PAYOUT_STATUSES, isOneOf, RETURNED_PAYOUT_STATUSES } from "~/shared/statuses";

const CRON = { type: "CRON" as const, id: "payouts" };

/** Send queued payouts (and reconcile unknown ones). Safe to run from many places at once. */
export async function sendDuePayouts(services: Services, budget: JobBudget & { onlyIds?: string[] } = {}) {
  const counts = { sent: 0, paid: 0, failed: 0, unknown: 0 };
  const workerId = `payouts-${randomUUID().slice(0, 8)}`;
  for (;;) {
    if (budget.stopAt !== undefined && performance.now() >= budget.stopAt) break;
    const claimed = await claimDuePayouts(services, { limit: budget.batchSize ?? 50, workerId, onlyIds: budget.onlyIds });
    if (claimed.length === 0) break;
    await runEach(claimed, budget.concurrency ?? 8, undefined, async (payout) => {
      const update = await sendPayout(services, payout, payout.previousStatus === "UNKNOWN" || payout.attempts > 1);
      const retry = isOneOf(CLAIMABLE_PAYOUT_STATUSES, update.status);
      const now = services.now();
      await applyPayoutUpdate(
        atInstant(services, now),
        payout.id,
        retry ? { ...update, nextAttemptAt: new Date(now.getTime() + operationRetryDelayMs(payout.attempts, services.policy)) } : update,
        { type: "WORKER", id: workerId },
      );
      if (update.status === "PAID") counts.paid += 1;
      else if (update.status === "SENT") counts.sent += 1;
      else if (isOneOf(RETURNED_PAYOUT_STATUSES, update.status)) counts.failed += 1;
      else counts.unknown += 1;
    });
  }
  return counts;
}

/** The hourly payout run: follow payouts in flight, create new ones where balances allow, send them. */
export async function runPayouts(services: Services, budget: JobBudget = {}) {
  const now = services.now();
  const released = await releaseStuckPayouts(services);

  // 1. follow PayPal payouts until final (SUCCESS; UNCLAIMED → RETURNED after 30 days; FAILED…)
  const sent = await services.db.payout.findMany({ where: { status: "SENT", method: "PAYPAL" }, take: budget.batchSize ?? 500 });
  let settled = 0;
  await runEach(sent, budget.concurrency ?? 8, budget.stopAt, async (p) => {
    const update = await trackPayPalPayout(services, p);
    if (update && (await applyPayoutUpdate(services, p.id, update, CRON)).changed && update.status !== "SENT") settled += 1;
  });

  // 2. one payout per tutor whose available balance reaches the minimum
  const tutors = await services.db.$queryRaw<{ tutorId: string }[]>`
    SELECT DISTINCT e."tutorId" FROM "LedgerEntry" e
    WHERE e.kind ${sqlIn(PAYABLE_KINDS)}
      AND NOT EXISTS (SELECT 1 FROM "PayoutItem" i WHERE i."ledgerEntryId" = e.id)
      AND (e."availableAt" IS NULL OR e."availableAt" <= ${now})`;
  const created = { created: 0, skipped: 0 };
  await runEach(tutors, budget.concurrency ?? 8, budget.stopAt, async ({ tutorId }) => {
    const r = await createPayoutForTutor(services, tutorId, "cron");
    created[r.created ? "created" : "skipped"] += 1;
  });

  // 3. send what is queued
  const sending = await sendDuePayouts(services, budget);
  // 4. pull back earnings refunded after they were paid out (Stripe Connect), once their payout is paid
  const clawbacks = await runDueClawbacks(services);
  return { released, followed: sent.length, settled, ...created, ...sending, clawbacks };
}

/** What a tutor could be paid right now (for the request button). */
export async function availableNow(services: Services, tutorId: string) {
  const entries = (await uncoveredEntries(services.db, tutorId)).filter((e) => isAvailable(e, services.now()));
  return entries.reduce((s, e) => s + e.amount, 0);
}
