import "server-only";
// The ledger entries a dispute implies (called from writeLedgerEffects, same transaction as the change):
// - lost: the disputed amount reversed on both sides of the split, like a refund and with the same cumulative
//   rounding (EARNING_REVERSAL for the tutor, FEE_REVERSAL for the platform), once per total reached;
// - the provider's dispute fee: the platform's cost (DISPUTE_FEE, never a tutor entry), once per fee total reached.
import { randomUUID } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { proportionalReversal } from "~/server/money";
import type { LessonState } from "~/server/lifecycle/types";

type Base = Pick<Prisma.LedgerEntryCreateManyInput, "tutorId" | "currency" | "lessonId" | "paymentId" | "createdAt">;

export function disputeEntries(before: LessonState, next: LessonState, base: Base, availableAt: Date): Prisma.LedgerEntryCreateManyInput[] {
  const p0 = before.payment;
  const p1 = next.payment;
  const entries: Prisma.LedgerEntryCreateManyInput[] = [];
  if (p1.amountDisputed > p0.amountDisputed && p1.amountCaptured > 0) {
    const r = proportionalReversal(
      { captured: p1.amountCaptured, platformFee: p1.platformFee, tutorShare: p1.tutorShare },
      p1.amountDisputed - p0.amountDisputed,
      p0.amountRefunded + p0.amountDisputed,
    );
    const sourceId = `${p1.id}:disputed:${p1.amountDisputed}`;
    // Payable with the earning it reverses; an earning already paid out is clawed back by the clawback rule.
    if (r.tutorShareReversed)
      entries.push({ id: randomUUID(), ...base, kind: "EARNING_REVERSAL", amount: -r.tutorShareReversed, sourceId, availableAt });
    if (r.platformFeeReversed) entries.push({ id: randomUUID(), ...base, kind: "FEE_REVERSAL", amount: -r.platformFeeReversed, sourceId });
  }
  const d = next.dispute;
  const feeBefore = before.dispute?.id === d?.id ? (before.dispute?.feeAmount ?? 0) : 0;
  if (d && d.feeAmount > feeBefore) {
    entries.push({
      id: randomUUID(),
      ...base,
      currency: d.currency,
      kind: "DISPUTE_FEE",
      amount: -(d.feeAmount - feeBefore),
      sourceId: `${d.id}:fee:${d.feeAmount}`,
    });
  }
  return entries;
}
