import "server-only";
// The sweep's look at money held where our books say none is: payments we recorded as VOIDED, EXPIRED or FAILED whose
// PaymentIntent could still hold (or have taken) the student's money, and stray intents recorded while an
// authorization was in flight (not released then, because that authorization might have been binding them). Both
// read the provider, decide through the mapping, and never move a payment: they alert and release (the release
// itself is performed after commit by releaseStrayObjects, last in this step).
import type { Prisma } from "~/generated/prisma/client";
import { sqlIn } from "~/server/db/status-sql";
import { paymentIntentRelation } from "~/server/providers/mapping";
import { HOLD_GONE_STATUSES, moneyAtStake, recordIntentObservation, releaseStrayObjects } from "~/server/payments/stray-objects";
import type { Services } from "~/server/services";
import { LIVE_OPERATION_STATES } from "~/shared/statuses";
import { runEach } from "../run-each";
import type { SweepRun } from "./index";

export async function checkStrayHolds(services: Services, { budget }: SweepRun) {
  const { db } = services;
  const limit = budget.batchSize ? Math.min(budget.batchSize, 100) : 100;
  const report = { releasedPaymentsChecked: 0, strayHoldsFound: 0, releases: 0 };

  // 1. Released payments not checked yet: once Stripe shows their intent holds nothing, they are never looked at again.
  const released = await db.$queryRaw<{ id: string; lessonId: string; status: string; pi: string }[]>`
    SELECT p.id, p."lessonId", p.status::text AS status, p."providerPaymentIntentId" AS pi
    FROM "Payment" p
    WHERE p.status ${sqlIn(HOLD_GONE_STATUSES)} AND p."providerPaymentIntentId" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "PaymentOperation" o WHERE o."paymentId" = p.id AND o.state ${sqlIn(LIVE_OPERATION_STATES)})
      AND NOT EXISTS (SELECT 1 FROM "ProviderObject" po WHERE po.id = p."providerPaymentIntentId"
                      AND (po."releasedAt" IS NOT NULL OR po."releaseRequestedAt" IS NOT NULL))
    ORDER BY p."updatedAt" DESC
    LIMIT ${limit}`;
  await runEach(released, 4, budget.stopAt, async (p) => {
    const pi = await services.stripe.retrievePaymentIntent(p.pi).catch(() => null);
    if (!pi) return;
    report.releasedPaymentsChecked += 1;
    const now = services.now();
    await db.$transaction(async (tx) => {
      const r = await recordIntentObservation(
        tx,
        {
          pi,
          relation: "CURRENT",
          payment: { id: p.id, lessonId: p.lessonId },
          release: true,
          why: `our payment says ${p.status} but Stripe says ${pi.status}`,
        },
        now,
      );
      if (r.releaseRequested) report.strayHoldsFound += 1;
      else if (!moneyAtStake(pi).kind) await markNothingHeld(tx, pi.paymentIntentId, now);
    });
  });

  // 2. Stray intents recorded while the payment was being authorized: release them once that is over, unless the
  //    authorization turned out to bind them.
  const deferred = await db.providerObject.findMany({
    where: {
      type: "payment_intent",
      relation: "STRAY",
      paymentId: { not: null },
      releaseRequestedAt: null,
      releasedAt: null,
      status: { in: ["requires_capture", "succeeded"] },
    },
    orderBy: { lastSeenAt: "asc" },
    take: limit,
  });
  await runEach(deferred, 4, budget.stopAt, async (row) => {
    const payment = await db.payment.findUnique({
      where: { id: row.paymentId! },
      include: { operations: { where: { kind: "AUTHORIZE", state: { in: [...LIVE_OPERATION_STATES] } }, select: { id: true } } },
    });
    if (!payment || payment.operations.length > 0) return;
    const pi = await services.stripe.retrievePaymentIntent(row.id).catch(() => null);
    if (!pi) return;
    const relation = paymentIntentRelation(pi, payment);
    const now = services.now();
    await db.$transaction(async (tx) => {
      if (relation === "CURRENT") {
        await tx.providerObject.update({ where: { id: row.id }, data: { relation: "CURRENT", status: pi.status, lastSeenAt: now } });
        return;
      }
      const r = await recordIntentObservation(tx, { pi, relation: "STRAY", payment, release: true }, now);
      if (r.releaseRequested) report.strayHoldsFound += 1;
      else if (!moneyAtStake(pi).kind) await markNothingHeld(tx, pi.paymentIntentId, now);
    });
  });

  report.releases = (await releaseStrayObjects(services)).released;
  return report;
}

/** The intent holds nothing (any more): it needs no release and no further look. */
const markNothingHeld = (tx: Prisma.TransactionClient, id: string, now: Date) =>
  tx.providerObject.update({ where: { id }, data: { releasedAt: now } });
