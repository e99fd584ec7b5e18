import "server-only";
// Sending one payout to its provider, and following it until it is final. The
// idempotency key (Stripe) and sender_batch_id (PayPal) are our payout id — never a
// timestamp — so a retry after a lost answer finds or replays the first one.
import type { Payout } from "~/generated/prisma/client";
import { isProviderError } from "~/server/providers/errors";
import { payoutUpdateFromPayPalItem, payoutUpdateFromTransfer, transferGroupOf } from "~/server/providers/mapping";
import type { Services } from "~/server/services";
import type { PayoutUpdate } from "./payout-state";

export async function sendPayout(services: Services, payout: Payout, reconcileFirst: boolean): Promise<PayoutUpdate> {
  try {
    return payout.method === "STRIPE" ? await sendStripe(services, payout, reconcileFirst) : await sendPayPal(services, payout);
  } catch (err) {
    if (!isProviderError(err)) return { status: "UNKNOWN", lastError: err instanceof Error ? err.message : String(err) };
    const f = err.failure;
    if (f.kind === "ambiguous") return { status: "UNKNOWN", lastError: `${f.code}: ${f.message}` };
    if (f.kind === "rate_limited") return { status: "QUEUED", lastError: `${f.code}: ${f.message}` };
    return { status: "FAILED", lastError: `${f.code}: ${f.message}`, reason: f.message };
  }
}

async function sendStripe(services: Services, payout: Payout, reconcileFirst: boolean): Promise<PayoutUpdate> {
  const group = transferGroupOf(payout.id);
  if (reconcileFirst) {
    const existing = await services.stripe.listTransfersByGroup(group);
    const t = existing[0];
    if (t) return payoutUpdateFromTransfer(t);
  }
  const sourceTransaction = await singleChargeOf(services, payout.id);
  const t = await services.stripe.createTransfer({
    amount: payout.amount,
    currency: payout.currency.toLowerCase(),
    destination: payout.destination,
    transferGroup: group,
    idempotencyKey: `payout:${payout.id}`,
    ...(sourceTransaction ? { sourceTransaction } : {}),
    metadata: { payoutId: payout.id, tutorId: payout.tutorId },
  });
  return { ...payoutUpdateFromTransfer(t), lastError: null };
}

/**
 * `source_transaction` ties a transfer to the charge that funded it (so it can go out
 * before the charge's funds are available). It applies when the payout is exactly one
 * lesson's earning: then the charge id is the one our capture recorded.
 */
async function singleChargeOf(services: Services, payoutId: string): Promise<string | null> {
  const items = await services.db.payoutItem.findMany({ where: { payoutId }, select: { ledgerEntryId: true } });
  if (items.length !== 1) return null;
  const entry = await services.db.ledgerEntry.findUnique({ where: { id: items[0]!.ledgerEntryId } });
  if (!entry || entry.kind !== "EARNING" || !entry.paymentId) return null;
  const capture = await services.db.paymentOperation.findFirst({
    where: { paymentId: entry.paymentId, kind: "CAPTURE", state: "SUCCEEDED" },
  });
  return capture?.providerObjectId?.startsWith("ch_") ? capture.providerObjectId : null;
}

async function sendPayPal(services: Services, payout: Payout): Promise<PayoutUpdate> {
  // Create-or-get: a reused sender_batch_id is rejected by PayPal with a link to the
  // original batch, which the gateway follows. So this is also the reconciliation.
  const batch = await services.paypal.createBatchPayout({
    senderBatchId: payout.id,
    items: [
      {
        receiverEmail: payout.destination,
        amount: payout.amount,
        currency: payout.currency,
        senderItemId: payout.id,
        note: "Your lesson earnings",
      },
    ],
    emailSubject: "You have a payout from LessonPay",
  });
  const full = await services.paypal.getBatch(batch.batchId);
  const item = full.items.find((i) => i.senderItemId === payout.id) ?? full.items[0];
  if (!item) return { status: "SENT", providerId: batch.batchId, providerItemId: null, providerStatus: full.batchStatus, lastError: null };
  return { ...payoutUpdateFromPayPalItem(item), providerId: batch.batchId };
}

/** Follow a SENT PayPal payout until it is final. */
export async function trackPayPalPayout(services: Services, payout: Payout): Promise<PayoutUpdate | null> {
  try {
    const item = payout.providerItemId
      ? await services.paypal.getItem(payout.providerItemId)
      : payout.providerId
        ? (await services.paypal.getBatch(payout.providerId)).items[0]
        : undefined;
    return item ? payoutUpdateFromPayPalItem(item) : null;
  } catch {
    return null; // not reachable now: look again on the next run
  }
}
