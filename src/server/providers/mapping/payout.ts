// The one mapping from a payout's provider object (a Stripe transfer, a PayPal payout item) to the payout update it
// implies. Sending, following PayPal items until they are final, and the payout webhooks all read through here. Pure.
import "server-only";
import type { PayoutReturnInput, PayoutUpdate } from "~/server/payouts/payout-state";
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

/**
 * A PayPal item as the payout update it implies. An item that came back (RETURNED, REFUNDED, REVERSED) returns its
 * whole amount, once per status; the payout writer caps what it credits at what is still out, so an item seen
 * REFUNDED and later REVERSED is credited once.
 */
export function payoutUpdateFromPayPalItem(item: PayoutItemSnapshot): PayoutUpdate {
  const status = statusFromPayPalItem(item.transactionStatus);
  return {
    status,
    providerItemId: item.itemId,
    providerStatus: item.transactionStatus,
    lastError: item.errorName,
    ...(status === "RETURNED"
      ? {
          returns: [
            { providerReturnId: `${item.itemId}:${item.transactionStatus}`, amount: item.amount, providerStatus: item.transactionStatus },
          ],
        }
      : {}),
  };
}

/**
 * The transfer's reversals as returns of the payout: each credits exactly its amount. Reversals we made ourselves to
 * claw back a refunded earning (`metadata.clawbackId`) are not money coming back to the tutor and are left out.
 */
export function returnsFromTransfer(t: TransferSnapshot): PayoutReturnInput[] {
  return t.reversals
    .filter((r) => !r.metadata.clawbackId)
    .map((r) => ({ providerReturnId: r.reversalId, amount: r.amount, providerStatus: "reversed" }));
}

/**
 * A Stripe transfer as the payout update it implies: PAID, with its reversals as returns. Whether the payout is then
 * RETURNED or PARTIALLY_RETURNED is the payout writer's sum of what came back, never a flag on one event.
 */
export function payoutUpdateFromTransfer(t: TransferSnapshot): PayoutUpdate {
  const returns = returnsFromTransfer(t);
  return returns.length > 0
    ? { status: "PARTIALLY_RETURNED", providerId: t.transferId, providerStatus: t.reversed ? "reversed" : "partially_reversed", returns }
    : { status: "PAID", providerId: t.transferId, providerStatus: "paid" };
}
