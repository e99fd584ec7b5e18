// The one mapping from a payout's provider object (a Stripe transfer, a PayPal payout item) to the payout update it
// implies. Sending, following PayPal items until they are final, and the payout webhooks all read through here. Pure.
import "server-only";
import type { PayoutUpdate } from "~/server/payouts/payout-state";
import type { PayoutItemSnapshot } from "~/server/providers/paypal";
import type { TransferSnapshot } from "~/server/providers/stripe";

/** Our payout id travels as the transfer group, so a transfer (or its event) names the payout it pays. */
export const transferGroupOf = (payoutId: string) => `payout_${payoutId}`;

export function payoutIdOfTransferGroup(group: string | null): string | null {
  return group?.startsWith("payout_") ? group.slice("payout_".length) : null;
}

/** PayPal item transaction_status → our payout status. */
export function statusFromPayPalItem(transactionStatus: string): PayoutUpdate["status"] {
  switch (transactionStatus) {
    case "SUCCESS":
      return "PAID";
    case "FAILED":
    case "BLOCKED":
    case "DENIED":
      return "FAILED";
    case "RETURNED":
    case "REFUNDED":
    case "REVERSED":
      return "RETURNED";
    default:
      return "SENT"; // PENDING, UNCLAIMED, ONHOLD: not final yet
  }
}

/** A PayPal item as the payout update it implies. */
export function payoutUpdateFromPayPalItem(item: PayoutItemSnapshot): PayoutUpdate {
  return {
    status: statusFromPayPalItem(item.transactionStatus),
    providerItemId: item.itemId,
    providerStatus: item.transactionStatus,
    lastError: item.errorName,
  };
}

/**
 * A Stripe transfer as the payout update it implies: PAID, or RETURNED once reversed. `partialReversal` says what a
 * partly reversed transfer means to the caller: the reversal webhook returns the payout on any reversal, while the
 * sender's own reconciliation (a transfer it just created) only on a full one.
 */
export function payoutUpdateFromTransfer(t: TransferSnapshot, opts: { partialReversal: "RETURNED" | "PAID" }): PayoutUpdate {
  const returned = t.reversed || (opts.partialReversal === "RETURNED" && t.amountReversed > 0);
  return returned
    ? { status: "RETURNED", providerId: t.transferId, providerStatus: "reversed" }
    : { status: "PAID", providerId: t.transferId, providerStatus: "paid" };
}
