import "server-only";
// Money that came back from a payout, to the cent: each return (a Stripe transfer reversal, a PayPal item that came
// back) becomes one PayoutReturn row and one PAYOUT_RETURN ledger entry of exactly its amount, keyed by its provider
// id (so a replayed or reordered event credits nothing twice), capped at what is still out. The payout is RETURNED
// only once all of it came back; before that PARTIALLY_RETURNED, and the rest still counts as paid. Part of the payout
// writer (applyPayoutUpdate), under its row lock and in its transaction.
import { randomUUID } from "node:crypto";
import type { Payout, PayoutStatus } from "~/generated/prisma/client";
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { auditEventData } from "~/server/audit/audit-event";
import type { Actor } from "~/server/lifecycle/types";
import type { Tx } from "~/server/lifecycle/state-rows";
import { moneyToken } from "~/shared/message-tokens";
import { notifyPayoutStatus } from "~/server/notifications/write";
import type { PayoutReturnInput, PayoutUpdate } from "./payout-state";

/** Where a payout can be when money comes back from it: it had reached the provider. */
const CAN_COME_BACK: readonly PayoutStatus[] = ["SENDING", "UNKNOWN", "SENT", "PAID", "PARTIALLY_RETURNED"];

export async function applyReturns(
  tx: Tx,
  current: Payout,
  update: PayoutUpdate,
  returns: PayoutReturnInput[],
  actor: Actor,
  now: Date,
): Promise<{ changed: boolean; payout: Payout }> {
  if (!CAN_COME_BACK.includes(current.status)) return { changed: false, payout: current };
  const known = new Set(
    (await tx.payoutReturn.findMany({ where: { providerReturnId: { in: returns.map((r) => r.providerReturnId) } } })).map(
      (r) => r.providerReturnId,
    ),
  );
  let returned = current.amountReturned;
  const credited: PayoutReturnInput[] = [];
  for (const r of [...returns].sort((a, b) => a.providerReturnId.localeCompare(b.providerReturnId))) {
    if (known.has(r.providerReturnId)) continue;
    const amount = Math.min(r.amount, current.amount - returned);
    if (amount <= 0) continue;
    returned += amount;
    credited.push({ ...r, amount });
  }
  if (credited.length === 0) return { changed: false, payout: current };

  await tx.payoutReturn.createMany({
    data: credited.map((r) => ({ id: randomUUID(), payoutId: current.id, ...r, currency: current.currency, createdAt: now })),
  });
  await tx.ledgerEntry.createMany({
    data: credited.map((r) => ({
      id: randomUUID(),
      tutorId: current.tutorId,
      kind: "PAYOUT_RETURN" as const,
      amount: r.amount,
      currency: current.currency,
      sourceId: `return:${r.providerReturnId}`,
      payoutId: current.id,
      createdAt: now,
    })),
  });
  const status: PayoutStatus = returned >= current.amount ? "RETURNED" : "PARTIALLY_RETURNED";
  const payout = await tx.payout.update({
    where: { id: current.id },
    data: {
      status,
      amountReturned: returned,
      providerId: update.providerId ?? current.providerId,
      providerItemId: update.providerItemId ?? current.providerItemId,
      providerStatus: update.providerStatus ?? current.providerStatus,
      sentAt: current.sentAt ?? now,
      settledAt: now,
    },
  });
  // The tutor hears of it once per status (a second partial return is in the payouts page, not a second email).
  if (status !== current.status) await notifyPayoutStatus(tx, payout, status, now, update.providerStatus);
  const amountNow = credited.reduce((sum, r) => sum + r.amount, 0);
  await tx.auditEvent.create({
    data: auditEventData({
      action: status === "RETURNED" ? "payout.returned" : "payout.partially_returned",
      at: now,
      actor,
      subject: { type: "PAYOUT", id: current.id },
      from: current.status,
      to: status,
      reason: update.reason ?? null,
      metadata: {
        amount: amountNow,
        currency: current.currency,
        method: current.method,
        providerStatus: credited.map((r) => `${r.providerReturnId}=${r.providerStatus}`).join(", "),
      },
    }),
  });
  await raiseAlertOnce(
    tx,
    {
      type: "PAYOUT_RETURNED",
      severity: "WARNING",
      subjectType: "PAYOUT",
      subjectId: current.id,
      message:
        `${moneyToken(returned, current.currency)} of a ${moneyToken(current.amount, current.currency)} payout via ${current.method} came back ` +
        `(${status === "RETURNED" ? "all of it" : "part of it; the rest stays paid"}): it is in the tutor's available balance again.`,
    },
    now,
  );
  return { changed: true, payout };
}
