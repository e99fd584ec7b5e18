import "server-only";
// The dispute invariants (part of checkLedger): what lost disputes took back is what the payment says, and every
// dispute fee the provider charged is recorded once as the platform's cost.
import type { Db } from "~/server/db/client";
import type { Violation } from "./check-invariants";

export async function checkDisputes(db: Db): Promise<Violation[]> {
  const v: Violation[] = [];
  const payments = await db.$queryRaw<{ id: string; lessonId: string; amountDisputed: number; lost: number }[]>`
    SELECT p.id, p."lessonId", p."amountDisputed",
      COALESCE((SELECT SUM(d.amount) FROM "Dispute" d WHERE d."paymentId" = p.id AND d.status = 'LOST'), 0)::int AS lost
    FROM "Payment" p WHERE p."amountDisputed" > 0 OR EXISTS (SELECT 1 FROM "Dispute" d WHERE d."paymentId" = p.id AND d.status = 'LOST')`;
  for (const p of payments) {
    // a lost dispute takes back at most what refunds left, so the payment may show less, never more
    if (p.amountDisputed > p.lost || (p.lost > 0 && p.amountDisputed === 0))
      v.push({
        rule: "DISPUTE_LOST_TAKEN_BACK",
        subjectType: "PAYMENT",
        subjectId: p.id,
        lessonId: p.lessonId,
        detail: `lost disputes of ${p.lost} but the payment records ${p.amountDisputed} taken back`,
      });
  }
  const fees = await db.$queryRaw<{ id: string; paymentId: string; lessonId: string; feeAmount: number; recorded: number }[]>`
    SELECT d.id, d."paymentId", d."lessonId", d."feeAmount",
      COALESCE((SELECT -SUM(e.amount) FROM "LedgerEntry" e WHERE e.kind = 'DISPUTE_FEE' AND e."sourceId" LIKE d.id || ':fee:%'), 0)::int AS recorded
    FROM "Dispute" d`;
  for (const f of fees) {
    if (f.recorded !== f.feeAmount)
      v.push({
        rule: "DISPUTE_FEE_RECORDED",
        subjectType: "PAYMENT",
        subjectId: f.paymentId,
        lessonId: f.lessonId,
        detail: `dispute ${f.id}: the provider's dispute fee is ${f.feeAmount} but the ledger records ${f.recorded} as the platform's cost`,
      });
  }
  return v;
}
