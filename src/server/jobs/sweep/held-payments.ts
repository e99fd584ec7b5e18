import "server-only";
import type { Prisma } from "~/generated/prisma/client";
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { applyCommand } from "~/server/lifecycle/apply-command";
import { commandFromIntent, OBSERVER, readPaymentIntent } from "~/server/providers/mapping";
import type { Services } from "~/server/services";
import { LIVE_OPERATION_STATES } from "~/shared/statuses";
import { runEach } from "../run-each";
import type { SweepRun } from "./index";

const RECONCILE = { type: "CRON" as const, id: "sweep-reconcile" };

/**
 * Compare held payments with the provider: holds that should have lapsed first, then the least recently checked. Two
 * queries, because one ordered by captureBefore would check the same soonest-to-lapse holds on every run and never
 * reach the rest once there are more than a batch of them: the rotation (reconciledAt) must lead.
 */
export async function checkHeldPayments(services: Services, { now, budget }: SweepRun) {
  const { db } = services;
  const report = { reconciled: 0, repaired: 0 };
  const checkLimit = budget.batchSize ? Math.min(budget.batchSize, 100) : 100;
  const held: Prisma.PaymentWhereInput = {
    status: "AUTHORIZED",
    providerPaymentIntentId: { not: null },
    operations: { none: { state: { in: [...LIVE_OPERATION_STATES] } } },
  };
  const select = { id: true, lessonId: true, providerPaymentIntentId: true } as const;
  const lapsed = await db.payment.findMany({
    where: { ...held, captureBefore: { lte: now } },
    orderBy: { captureBefore: "asc" },
    select,
    take: checkLimit,
  });
  const toCheck = [
    ...lapsed,
    ...(await db.payment.findMany({
      where: { ...held, id: { notIn: lapsed.map((p) => p.id) } },
      orderBy: [{ reconciledAt: { sort: "asc", nulls: "first" } }, { captureBefore: "asc" }],
      select,
      take: checkLimit - lapsed.length,
    })),
  ];
  await runEach(toCheck, 4, budget.stopAt, async (p) => {
    const pi = await services.stripe.retrievePaymentIntent(p.providerPaymentIntentId!).catch(() => null);
    if (!pi) return;
    report.reconciled += 1;
    await db.payment.update({ where: { id: p.id }, data: { reconciledAt: now } });
    // Still held is what our record says already: nothing to repair.
    const command = readPaymentIntent(pi).state === "held" ? null : commandFromIntent(pi, OBSERVER);
    if (!command) return;
    const message = `Our records said AUTHORIZED but Stripe says ${pi.status}${pi.cancellationReason ? ` (${pi.cancellationReason})` : ""}; repaired.`;
    // Only repair a payment that still has nothing in flight once its row is locked. Between this job's read and
    // Stripe's answer, finalize or an admin may have asked for the capture (or void) that Stripe now reports; that
    // operation's worker records it (reconciling if its answer was lost). Recording it here instead would report our
    // own capture as a provider mismatch.
    const r = await applyCommand(services, p.lessonId, command, RECONCILE, {
      reason: `provider says ${pi.status}`,
      onlyIf: (state) => state.liveOperations.length === 0,
      // The repair's alert, under the same lesson lock. A lapsed hold is Stripe doing what it said it would: the
      // transition already raised AUTHORIZATION_EXPIRED, and a second alert for the same event would only make the
      // queue longer.
      onChanged:
        command.type === "AUTHORIZATION_EXPIRED"
          ? undefined
          : (tx, at) =>
              raiseAlertOnce(
                tx,
                {
                  type: "PROVIDER_MISMATCH",
                  severity: "WARNING",
                  subjectType: "LESSON",
                  subjectId: p.lessonId,
                  lessonId: p.lessonId,
                  message,
                },
                at,
              ).then(() => {}),
    });
    if (r.ok && r.changed) report.repaired += 1;
  });
  return report;
}
