import "server-only";
// The second direction, and PayPal. Our rows whose provider object the walk did not see (no ProviderObject row with
// lastSeenAt since the pass began) have no provider object: "ours only". PayPal has no list of batches, so our PayPal
// payouts are read batch by batch (one call per payout, a batch holds our one item). Rows created after the pass
// began (after its first list call) are left to the next pass: the walk, newest first, had already passed their objects.
import { isProviderError } from "~/server/providers/errors";
import { moneyToken } from "~/shared/message-tokens";
import { CLAIMABLE_PAYOUT_STATUSES } from "~/shared/statuses";
import { comparePayPalItem, missingPayoutObject, type PayoutRow } from "./compare-payout";
import { PAYMENT_CHECKS, type SubjectCheck } from "./findings";
import type { Pass, StepResult } from "./pass";
import { rememberObjects } from "./provider-objects";
import { recordChecks } from "./record";

const OUR_PAGE = 500;
const PAYPAL_PAGE = 25;
const NOT_SENT = [...CLAIMABLE_PAYOUT_STATUSES, "SENDING"];

async function record(pass: Pass, checks: SubjectCheck[]) {
  const counts = await recordChecks(pass.services.db, checks, { now: pass.services.now(), runId: pass.runId });
  pass.tally.opened += counts.opened;
  pass.tally.resolved += counts.resolved;
}

const next = <T extends { id: string }>(rows: T[], size: number): StepResult =>
  rows.length === size ? { done: false, after: rows.at(-1)!.id } : { done: true };

export async function missingPaymentsStep(pass: Pass, after: string | null): Promise<StepResult> {
  const rows = await pass.services.db.$queryRaw<
    { id: string; lessonId: string; status: string; amount: number; currency: string; providerPaymentIntentId: string }[]
  >`
    SELECT p.id, p."lessonId", p.status::text AS status, p.amount, p.currency, p."providerPaymentIntentId"
    FROM "Payment" p
    WHERE p."providerPaymentIntentId" IS NOT NULL AND p.id > ${after ?? ""}
      AND COALESCE(p."authorizedAt", p."createdAt") >= ${pass.since} AND COALESCE(p."authorizedAt", p."createdAt") <= ${pass.startedAt}
      AND NOT EXISTS (SELECT 1 FROM "ProviderObject" o WHERE o.id = p."providerPaymentIntentId" AND o."lastSeenAt" >= ${pass.startedAt})
      AND NOT EXISTS (SELECT 1 FROM "PaymentOperation" op WHERE op."paymentId" = p.id AND op.state IN ('PENDING', 'IN_FLIGHT', 'UNKNOWN'))
    ORDER BY p.id LIMIT ${OUR_PAGE}`;
  pass.tally.rowsChecked += rows.length;
  await record(
    pass,
    rows.map((p) => ({
      subjectType: "PAYMENT" as const,
      subjectId: p.id,
      lessonId: p.lessonId,
      providerObjectId: p.providerPaymentIntentId,
      // with its object gone, nothing else can be compared: earlier disagreements with it are superseded
      checks: PAYMENT_CHECKS,
      findings: [
        {
          kind: "OURS_ONLY" as const,
          severity: "CRITICAL" as const,
          message: `Payment ${p.id} (${moneyToken(p.amount, p.currency)}, ${p.status}) records PaymentIntent ${p.providerPaymentIntentId}, which Stripe does not list.`,
          ours: { status: p.status, amount: p.amount, paymentIntentId: p.providerPaymentIntentId },
          theirs: null,
        },
      ],
    })),
  );
  return next(rows, OUR_PAGE);
}

export async function missingTransfersStep(pass: Pass, after: string | null): Promise<StepResult> {
  const rows = await pass.services.db.$queryRaw<(Omit<PayoutRow, "clawedBack"> & { sentOrCreated: Date })[]>`
    SELECT o.id, o.method::text AS method, o.status::text AS status, o.amount, o.currency, o."providerId", o."amountReturned",
           COALESCE(o."sentAt", o."createdAt") AS "sentOrCreated"
    FROM "Payout" o
    WHERE o.method = 'STRIPE' AND o."providerId" IS NOT NULL AND o.id > ${after ?? ""}
      AND o.status::text <> ALL(${NOT_SENT}::text[])
      AND COALESCE(o."sentAt", o."createdAt") >= ${pass.since} AND COALESCE(o."sentAt", o."createdAt") <= ${pass.startedAt}
      AND NOT EXISTS (SELECT 1 FROM "ProviderObject" p WHERE p.id = o."providerId" AND p."lastSeenAt" >= ${pass.startedAt})
    ORDER BY o.id LIMIT ${OUR_PAGE}`;
  pass.tally.rowsChecked += rows.length;
  await record(
    pass,
    rows.map((p) => missingPayoutObject({ ...p, clawedBack: 0 })),
  );
  return next(rows, OUR_PAGE);
}

export async function paypalStep(pass: Pass, after: string | null): Promise<StepResult> {
  const { services } = pass;
  const payouts = await services.db.payout.findMany({
    where: {
      method: "PAYPAL",
      providerId: { not: null },
      id: { gt: after ?? "" },
      status: { notIn: NOT_SENT as never },
      OR: [{ sentAt: { gte: pass.since, lte: pass.startedAt } }, { sentAt: null, createdAt: { gte: pass.since, lte: pass.startedAt } }],
    },
    select: {
      id: true,
      method: true,
      status: true,
      amount: true,
      currency: true,
      providerId: true,
      providerItemId: true,
      amountReturned: true,
    },
    orderBy: { id: "asc" },
    take: PAYPAL_PAGE,
  });
  const checks: SubjectCheck[] = [];
  for (const p of payouts) {
    const row: PayoutRow = { ...p, clawedBack: 0 };
    pass.tally.rowsChecked += 1;
    pass.tally.providerCalls += 1;
    const batch = await services.paypal.getBatch(p.providerId!).catch((err: unknown) => {
      const f = isProviderError(err) ? err.failure : null;
      if (f?.kind === "invalid_request" && f.statusCode === 404) return null;
      throw err;
    });
    const item = batch?.items.find((i) => i.itemId === p.providerItemId) ?? batch?.items[0] ?? null;
    if (!item) {
      checks.push(missingPayoutObject(row));
      continue;
    }
    pass.tally.objectsSeen += 1;
    await rememberObjects(
      services.db,
      [
        {
          id: item.itemId,
          provider: "paypal",
          type: "payout_item",
          paymentId: null,
          payoutId: p.id,
          relation: "CURRENT",
          status: item.transactionStatus,
          amount: item.amount,
          currency: item.currency,
        },
      ],
      pass.startedAt,
    );
    const check = comparePayPalItem(row, item);
    if (check) checks.push(check);
  }
  await record(pass, checks);
  return next(payouts, PAYPAL_PAGE);
}
