import "server-only";
// The first direction for Stripe: walk the provider's lists a page (100 objects, one call) at a time, newest first,
// and compare each object with the row of ours it belongs to. Calls go through the services' Stripe gateway, which is
// the rate-limited one; no call is made inside a database transaction (the page is read, then the rows, then written).
import { applyCommand } from "~/server/lifecycle/apply-command";
import {
  commandFromDispute,
  paymentIdOf,
  paymentIntentRelation,
  payoutIdOfTransferGroup,
  transferRelation,
} from "~/server/providers/mapping";
import { LIVE_OPERATION_STATES } from "~/shared/statuses";
import { comparePayment, compareForeignIntent } from "./compare-payment";
import { compareDispute, compareForeignTransfer, compareTransfer, type PayoutRow } from "./compare-payout";
import type { SubjectCheck } from "./findings";
import type { Pass, StepResult } from "./pass";
import { RECONCILE_ACTOR } from "./pass";
import { rememberObjects, type SeenObject } from "./provider-objects";
import { recordChecks, recordRepaired } from "./record";

async function finish(pass: Pass, checks: SubjectCheck[], page: { hasMore: boolean; lastId: string | null }): Promise<StepResult> {
  const counts = await recordChecks(pass.services.db, checks, { now: pass.services.now(), runId: pass.runId });
  pass.tally.opened += counts.opened;
  pass.tally.resolved += counts.resolved;
  return page.hasMore && page.lastId ? { done: false, after: page.lastId } : { done: true };
}

export async function paymentIntentStep(pass: Pass, after: string | null): Promise<StepResult> {
  const { services } = pass;
  const page = await services.stripe.listPaymentIntents({ createdGte: pass.since, startingAfter: after });
  pass.tally.providerCalls += 1;
  pass.tally.objectsSeen += page.data.length;
  const named = page.data.map((pi) => paymentIdOf(pi)).filter((id): id is string => id !== null);
  const rows = await services.db.payment.findMany({
    where: { OR: [{ id: { in: named } }, { providerPaymentIntentId: { in: page.data.map((pi) => pi.paymentIntentId) } }] },
    select: {
      id: true,
      lessonId: true,
      status: true,
      currency: true,
      amountCaptured: true,
      amountRefunded: true,
      platformFee: true,
      tutorShare: true,
      providerPaymentIntentId: true,
      providerChargeId: true,
      _count: { select: { operations: { where: { state: { in: [...LIVE_OPERATION_STATES] } } } } },
    },
  });
  const byIntent = new Map(rows.filter((r) => r.providerPaymentIntentId).map((r) => [r.providerPaymentIntentId!, r]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const related = page.data.map((pi) => {
    const payment = byIntent.get(pi.paymentIntentId) ?? byId.get(paymentIdOf(pi) ?? "") ?? null;
    return { pi, payment, relation: paymentIntentRelation(pi, payment) };
  });
  const releasing = await rememberObjects(
    services.db,
    related.map(({ pi, payment, relation }): SeenObject => ({
      id: pi.paymentIntentId,
      provider: "stripe",
      type: "payment_intent",
      paymentId: payment?.id ?? null,
      payoutId: null,
      relation,
      status: pi.status,
      amount: pi.amount,
      currency: pi.currency,
    })),
    pass.startedAt,
  );

  const checks: SubjectCheck[] = [];
  for (const { pi, payment, relation } of related) {
    if (relation !== "CURRENT" || !payment) {
      checks.push(compareForeignIntent(pi, payment, releasing.has(pi.paymentIntentId)));
      continue;
    }
    pass.tally.rowsChecked += 1;
    const compared = comparePayment({ ...payment, liveOperations: payment._count.operations }, pi);
    if (!compared) continue;
    if (compared.repair) {
      const { command, finding } = compared.repair;
      // Re-decided under the lesson lock: an operation started since our read records the outcome itself.
      const r = await applyCommand(services, payment.lessonId, command, RECONCILE_ACTOR, {
        reason: `reconciliation: Stripe says ${pi.status}`,
        onlyIf: (state) => state.liveOperations.length === 0,
        onChanged: (tx, now) => recordRepaired(tx, compared.check, finding, command.type, { now, runId: pass.runId }),
      });
      if (r.ok && r.changed) {
        pass.tally.repaired += 1;
        compared.check.findings = compared.check.findings.filter((f) => f !== finding);
      }
    }
    checks.push(compared.check);
  }
  return finish(pass, checks, page);
}

export async function transferStep(pass: Pass, after: string | null): Promise<StepResult> {
  const { services } = pass;
  const page = await services.stripe.listTransfers({ createdGte: pass.since, startingAfter: after });
  pass.tally.providerCalls += 1;
  pass.tally.objectsSeen += page.data.length;
  const named = page.data.map((t) => payoutIdOfTransferGroup(t.transferGroup)).filter((id): id is string => id !== null);
  const payouts = await services.db.payout.findMany({
    where: { OR: [{ id: { in: named } }, { providerId: { in: page.data.map((t) => t.transferId) } }] },
    select: { id: true, method: true, status: true, amount: true, currency: true, providerId: true, amountReturned: true },
  });
  const clawed = await services.db.clawback.groupBy({
    by: ["payoutId"],
    where: { payoutId: { in: payouts.map((p) => p.id) }, state: "SUCCEEDED" },
    _sum: { amount: true },
  });
  const clawedBy = new Map(clawed.map((c) => [c.payoutId, c._sum.amount ?? 0]));
  const byTransfer = new Map(payouts.filter((p) => p.providerId).map((p) => [p.providerId!, p]));
  const byId = new Map(payouts.map((p) => [p.id, p]));
  const related = page.data.map((t) => {
    const payout = byTransfer.get(t.transferId) ?? byId.get(payoutIdOfTransferGroup(t.transferGroup) ?? "") ?? null;
    return { t, payout, relation: transferRelation(t, payout) };
  });
  await rememberObjects(
    services.db,
    related.map(({ t, payout, relation }) => ({
      id: t.transferId,
      provider: "stripe" as const,
      type: "transfer" as const,
      paymentId: null,
      payoutId: payout?.id ?? null,
      relation,
      status: t.reversed ? "reversed" : t.amountReversed > 0 ? "partially_reversed" : "paid",
      amount: t.amount,
      currency: t.currency,
    })),
    pass.startedAt,
  );
  const checks: SubjectCheck[] = [];
  for (const { t, payout, relation } of related) {
    if (relation !== "CURRENT" || !payout) {
      checks.push(compareForeignTransfer(t, payout?.id ?? null));
      continue;
    }
    pass.tally.rowsChecked += 1;
    const row: PayoutRow = { ...payout, clawedBack: clawedBy.get(payout.id) ?? 0 };
    const check = compareTransfer(row, t);
    if (check) checks.push(check);
  }
  return finish(pass, checks, page);
}

export async function disputeStep(pass: Pass, after: string | null): Promise<StepResult> {
  const { services } = pass;
  const page = await services.stripe.listDisputes({ createdGte: pass.since, startingAfter: after });
  pass.tally.providerCalls += 1;
  pass.tally.objectsSeen += page.data.length;
  if (page.data.length === 0) return { done: true };
  const rows = await services.db.dispute.findMany({
    where: { providerDisputeId: { in: page.data.map((d) => d.disputeId) } },
    select: { providerDisputeId: true, lessonId: true, status: true, amount: true, currency: true },
  });
  const payments = await services.db.payment.findMany({
    where: {
      OR: [
        { providerChargeId: { in: page.data.map((d) => d.chargeId).filter((c): c is string => c !== null) } },
        { providerPaymentIntentId: { in: page.data.map((d) => d.paymentIntentId).filter((c): c is string => c !== null) } },
      ],
    },
    select: { id: true, lessonId: true, providerChargeId: true, providerPaymentIntentId: true },
  });
  const rowBy = new Map(rows.map((r) => [r.providerDisputeId, r]));
  const checks: SubjectCheck[] = [];
  for (const d of page.data) {
    const payment = payments.find(
      (p) => (d.chargeId && p.providerChargeId === d.chargeId) || (d.paymentIntentId && p.providerPaymentIntentId === d.paymentIntentId),
    );
    const row = rowBy.get(d.disputeId) ?? null;
    if (row) pass.tally.rowsChecked += 1;
    const check = compareDispute(d, row, payment ?? null);
    if (!check) continue;
    checks.push(check);
    // What Stripe says about a dispute of ours is the record (our books only copy it): an unknown dispute, or one whose
    // status or amount we have differently, is recorded through the one mapping and the lifecycle, as its webhook
    // would have been. The lesson's earning freezes (or settles) in that transaction.
    const command = check.findings.length > 0 && check.lessonId ? commandFromDispute(d) : null;
    const [first] = check.findings;
    if (!command || !first || !check.lessonId) continue;
    const r = await applyCommand(services, check.lessonId, command, RECONCILE_ACTOR, {
      reason: `reconciliation: Stripe has dispute ${d.disputeId} ${d.status}`,
      onChanged: (tx, now) => recordRepaired(tx, check, first, command.type, { now, runId: pass.runId }),
    });
    if (r.ok && r.changed) {
      pass.tally.repaired += 1;
      check.findings = [];
    }
  }
  return finish(pass, checks, page);
}
