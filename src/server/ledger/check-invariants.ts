import "server-only";
// The money invariants, checked against the database (and, when given, the provider's
// own counters). Used by `npm run ops -- check-ledger`, the admin invariants page and
// the tests. Each violation names its subject so a person can go and look.
import type { Db } from "~/server/db/client";
import { sqlIn } from "~/server/db/status-sql";
import { PAYOUT_STATUSES } from "~/shared/statuses";
import { checkDisputes } from "./check-disputes";

export interface Violation {
  rule: string;
  subjectType: "PAYMENT" | "PAYOUT" | "LEDGER_ENTRY" | "TUTOR" | "LESSON";
  subjectId: string;
  lessonId?: string | null;
  detail: string;
}

export interface ProviderCounts {
  /** successful captures per PaymentIntent (Stripe sandbox counters) */
  captures?: Record<string, number>;
  /** transfers per transfer_group (payout_<payoutId>) */
  transfersByGroup?: Record<string, number>;
  /** PayPal batches created per sender_batch_id (= our payout id) */
  batchesBySenderBatchId?: Record<string, number>;
}

export async function checkLedger(db: Db, provider: ProviderCounts = {}): Promise<Violation[]> {
  const v: Violation[] = [];

  // 1. captured = platform fee + tutor share, and the ledger says the same, once
  const splits = await db.$queryRaw<
    {
      id: string;
      lessonId: string;
      amountCaptured: number;
      platformFee: number;
      tutorShare: number;
      earning: number | null;
      fee: number | null;
      earnings: number;
      fees: number;
    }[]
  >`
    SELECT p.id, p."lessonId", p."amountCaptured", p."platformFee", p."tutorShare",
      (SELECT SUM(amount)::int FROM "LedgerEntry" e WHERE e."paymentId" = p.id AND e.kind = 'EARNING') AS earning,
      (SELECT SUM(amount)::int FROM "LedgerEntry" e WHERE e."paymentId" = p.id AND e.kind = 'PLATFORM_FEE') AS fee,
      (SELECT COUNT(*)::int FROM "LedgerEntry" e WHERE e."paymentId" = p.id AND e.kind = 'EARNING') AS earnings,
      (SELECT COUNT(*)::int FROM "LedgerEntry" e WHERE e."paymentId" = p.id AND e.kind = 'PLATFORM_FEE') AS fees
    FROM "Payment" p WHERE p."amountCaptured" > 0`;
  for (const p of splits) {
    if (p.platformFee + p.tutorShare !== p.amountCaptured)
      v.push({
        rule: "SPLIT",
        subjectType: "PAYMENT",
        subjectId: p.id,
        lessonId: p.lessonId,
        detail: `fee ${p.platformFee} + share ${p.tutorShare} ≠ captured ${p.amountCaptured}`,
      });
    if (p.earnings !== 1 || p.fees !== 1)
      v.push({
        rule: "CREDITED_ONCE",
        subjectType: "PAYMENT",
        subjectId: p.id,
        lessonId: p.lessonId,
        detail: `${p.earnings} earning and ${p.fees} fee entries (expected 1 each)`,
      });
    else if (p.earning !== p.tutorShare || p.fee !== p.platformFee)
      v.push({
        rule: "LEDGER_MATCHES_PAYMENT",
        subjectType: "PAYMENT",
        subjectId: p.id,
        lessonId: p.lessonId,
        detail: `ledger earning ${p.earning}/fee ${p.fee} vs payment share ${p.tutorShare}/fee ${p.platformFee}`,
      });
  }

  // 2. refunds and lost disputes reverse both sides, in total exactly the amount taken back
  const refunds = await db.$queryRaw<{ id: string; lessonId: string; amountRefunded: number; reversed: number | null }[]>`
    SELECT p.id, p."lessonId", (p."amountRefunded" + p."amountDisputed")::int AS "amountRefunded",
      (SELECT -SUM(amount)::int FROM "LedgerEntry" e WHERE e."paymentId" = p.id AND e.kind IN ('EARNING_REVERSAL', 'FEE_REVERSAL')) AS reversed
    FROM "Payment" p WHERE p."amountRefunded" > 0 OR p."amountDisputed" > 0 OR EXISTS (SELECT 1 FROM "LedgerEntry" e WHERE e."paymentId" = p.id AND e.kind IN ('EARNING_REVERSAL', 'FEE_REVERSAL'))`;
  for (const r of refunds) {
    if ((r.reversed ?? 0) !== r.amountRefunded)
      v.push({
        rule: "REFUND_REVERSED",
        subjectType: "PAYMENT",
        subjectId: r.id,
        lessonId: r.lessonId,
        detail: `refunded or lost to disputes ${r.amountRefunded} but the ledger reversed ${r.reversed ?? 0}`,
      });
  }

  // 3. every ledger entry's source exists
  const orphans = await db.$queryRaw<{ id: string; kind: string; sourceId: string }[]>`
    SELECT e.id, e.kind::text AS kind, e."sourceId" FROM "LedgerEntry" e
    WHERE (e.kind IN ('EARNING', 'PLATFORM_FEE', 'EARNING_REVERSAL', 'FEE_REVERSAL', 'DISPUTE_FEE') AND NOT EXISTS (SELECT 1 FROM "Payment" p WHERE p.id = e."paymentId"))
       OR (e.kind IN ('PAYOUT_DEBIT', 'PAYOUT_RETURN') AND NOT EXISTS (SELECT 1 FROM "Payout" o WHERE o.id = e."payoutId"))`;
  for (const o of orphans)
    v.push({
      rule: "SOURCE_EXISTS",
      subjectType: "LEDGER_ENTRY",
      subjectId: o.id,
      detail: `${o.kind} entry points at ${o.sourceId}, which does not exist`,
    });

  v.push(...(await checkDisputes(db)));

  // 4. each payout covers exactly its amount, has its debit, and (if it came back) its return
  const payouts = await db.$queryRaw<
    {
      id: string;
      tutorId: string;
      amount: number;
      amountReturned: number;
      status: string;
      covered: number | null;
      debits: number;
      returned: number;
    }[]
  >`
    SELECT o.id, o."tutorId", o.amount, o."amountReturned", o.status::text AS status,
      (SELECT SUM(i.amount)::int FROM "PayoutItem" i WHERE i."payoutId" = o.id) AS covered,
      (SELECT COUNT(*)::int FROM "LedgerEntry" e WHERE e."payoutId" = o.id AND e.kind = 'PAYOUT_DEBIT') AS debits,
      (SELECT COALESCE(SUM(e.amount), 0)::int FROM "LedgerEntry" e WHERE e."payoutId" = o.id AND e.kind = 'PAYOUT_RETURN') AS returned
    FROM "Payout" o`;
  for (const p of payouts) {
    if (p.covered !== p.amount)
      v.push({
        rule: "PAYOUT_COVERS_AMOUNT",
        subjectType: "PAYOUT",
        subjectId: p.id,
        detail: `pays ${p.amount} but covers entries worth ${p.covered ?? 0}`,
      });
    if (p.debits !== 1)
      v.push({ rule: "PAYOUT_DEBITED_ONCE", subjectType: "PAYOUT", subjectId: p.id, detail: `${p.debits} debit entries` });
    // What came back is credited exactly: all of a FAILED payout, and for returns the sum of its PayoutReturn rows
    // (RETURNED only when that is all of it, PARTIALLY_RETURNED when part).
    const shouldBeCredited = p.status === "FAILED" ? p.amount : p.amountReturned;
    if (p.returned !== shouldBeCredited)
      v.push({
        rule: "RETURN_CREDITED",
        subjectType: "PAYOUT",
        subjectId: p.id,
        detail: `${p.status} with ${p.returned} credited back, expected ${shouldBeCredited}`,
      });
    const fullyBack = p.amountReturned === p.amount;
    if ((p.status === "RETURNED") !== fullyBack || (p.status === "PARTIALLY_RETURNED" && p.amountReturned === 0))
      v.push({
        rule: "RETURN_STATUS_MATCHES_AMOUNT",
        subjectType: "PAYOUT",
        subjectId: p.id,
        detail: `${p.status} with ${p.amountReturned} of ${p.amount} returned`,
      });
    const sent = (provider.transfersByGroup?.[`payout_${p.id}`] ?? 0) + (provider.batchesBySenderBatchId?.[p.id] ?? 0);
    if (sent > 1)
      v.push({
        rule: "PAID_ONCE_AT_PROVIDER",
        subjectType: "PAYOUT",
        subjectId: p.id,
        detail: `the provider executed this payout ${sent} times`,
      });
    if (p.status === "PAID" && (provider.transfersByGroup || provider.batchesBySenderBatchId) && sent === 0) {
      v.push({
        rule: "PAID_AT_PROVIDER",
        subjectType: "PAYOUT",
        subjectId: p.id,
        detail: "marked PAID but the provider has no record of it",
      });
    }
  }

  // 5. no capture executed twice at the provider
  for (const [pi, n] of Object.entries(provider.captures ?? {})) {
    if (n > 1)
      v.push({ rule: "CAPTURED_ONCE_AT_PROVIDER", subjectType: "PAYMENT", subjectId: pi, detail: `PaymentIntent captured ${n} times` });
  }

  // 6. a tutor is never sent more than they earned (gross earnings plus money that came back;
  //    a refund after a payout legitimately leaves the tutor owing, so reversals are not counted)
  const tutors = await db.$queryRaw<{ tutorId: string; earned: number; out: number }[]>`
    SELECT t."tutorId",
      COALESCE((SELECT SUM(amount) FROM "LedgerEntry" e WHERE e."tutorId" = t."tutorId" AND e.kind IN ('EARNING', 'PAYOUT_RETURN')), 0)::int AS earned,
      COALESCE((SELECT SUM(amount) FROM "Payout" o WHERE o."tutorId" = t."tutorId" AND o.status ${sqlIn(PAYOUT_STATUSES)}), 0)::int AS out
    FROM (SELECT DISTINCT "tutorId" FROM "LedgerEntry") t`;
  for (const t of tutors) {
    if (t.out > Math.max(t.earned, 0))
      v.push({
        rule: "NEVER_OVERPAID",
        subjectType: "TUTOR",
        subjectId: t.tutorId,
        detail: `paid or paying ${t.out} against net earnings of ${t.earned}`,
      });
  }
  return v;
}
