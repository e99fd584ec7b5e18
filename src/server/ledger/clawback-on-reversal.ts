import "server-only";
// A reversal of an earning that was already paid out (a refund or a lost dispute after the payout) opens a Clawback in
// the same transaction as the EARNING_REVERSAL entry. Stripe Connect payouts can be pulled back: the clawback worker
// reverses that much of the payout's transfer after commit. A payout still on its way waits (WAITING) until it is
// paid. PayPal has no pull, so no clawback is opened: the reversal stays a payable negative entry, shown as a negative
// available balance and netted from the next payouts (which never go out while it is negative).
import { randomUUID } from "node:crypto";
import type { ClawbackState } from "~/generated/prisma/client";
import type { Tx } from "~/server/lifecycle/state-rows";

/** Open the clawbacks the given (just written) EARNING_REVERSAL entries call for. Entries not written are skipped. */
export async function openClawbacksForReversals(tx: Tx, entryIds: string[], now: Date): Promise<number> {
  if (entryIds.length === 0) return 0;
  const reversals = await tx.ledgerEntry.findMany({ where: { id: { in: entryIds }, kind: "EARNING_REVERSAL" } });
  let opened = 0;
  for (const r of reversals) {
    if (!r.lessonId) continue;
    // The payout that covers this lesson's earning, if any.
    const [item] = await tx.$queryRaw<{ payoutId: string }[]>`
      SELECT i."payoutId" FROM "PayoutItem" i JOIN "LedgerEntry" e ON e.id = i."ledgerEntryId"
      WHERE e."lessonId" = ${r.lessonId} AND e.kind = 'EARNING' LIMIT 1`;
    const payout = item ? await tx.payout.findUnique({ where: { id: item.payoutId } }) : null;
    if (!payout || payout.method !== "STRIPE") continue;
    const state: ClawbackState | null =
      payout.status === "PAID" || payout.status === "PARTIALLY_RETURNED"
        ? "PENDING"
        : payout.status === "QUEUED" || payout.status === "SENDING" || payout.status === "UNKNOWN" || payout.status === "SENT"
          ? "WAITING"
          : null; // FAILED or RETURNED: the money is back in the balance, where the reversal nets against it
    if (!state) continue;
    const id = randomUUID();
    const { count } = await tx.clawback.createMany({
      data: [
        {
          id,
          tutorId: r.tutorId,
          payoutId: payout.id,
          lessonId: r.lessonId,
          paymentId: r.paymentId,
          sourceEntryId: r.id,
          amount: -r.amount,
          currency: r.currency,
          state,
          idempotencyKey: `clawback:${r.id}`,
          nextAttemptAt: now,
          createdAt: now,
        },
      ],
      skipDuplicates: true,
    });
    opened += count;
  }
  return opened;
}
