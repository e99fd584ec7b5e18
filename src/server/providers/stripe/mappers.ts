// SDK objects → the plain snapshots of types.ts.
import "server-only";
import type Stripe from "stripe";
import type { AccountSnapshot, ChargeSnapshot, PaymentIntentSnapshot, TransferSnapshot } from "./types";

export const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === "string" ? v : v.id);

export function toPaymentIntentSnapshot(pi: Stripe.PaymentIntent): PaymentIntentSnapshot {
  const charge = typeof pi.latest_charge === "object" && pi.latest_charge !== null ? pi.latest_charge : null;
  const captureBefore = charge?.payment_method_details?.card?.capture_before;
  return {
    paymentIntentId: pi.id,
    status: pi.status,
    amount: pi.amount,
    amountCapturable: pi.amount_capturable,
    amountReceived: pi.amount_received,
    currency: pi.currency,
    customerId: idOf(pi.customer as string | { id: string } | null),
    captureBefore: typeof captureBefore === "number" ? new Date(captureBefore * 1000) : null,
    cancellationReason: pi.cancellation_reason ?? null,
    applicationFeeAmount: pi.application_fee_amount ?? null,
    latestChargeId: idOf(pi.latest_charge),
    amountRefunded: charge?.captured ? charge.amount_refunded : 0,
    metadata: { ...(pi.metadata ?? {}) },
    lastErrorCode: pi.last_payment_error?.code ?? null,
  };
}

export function toChargeSnapshot(ch: Stripe.Charge): ChargeSnapshot {
  return {
    chargeId: ch.id,
    paymentIntentId: idOf(ch.payment_intent),
    amount: ch.amount,
    amountCaptured: ch.amount_captured,
    amountRefunded: ch.amount_refunded,
    refunded: ch.refunded,
    captured: ch.captured,
  };
}

export function toAccountSnapshot(a: Stripe.Account): AccountSnapshot {
  return {
    accountId: a.id,
    detailsSubmitted: a.details_submitted ?? false,
    chargesEnabled: a.charges_enabled ?? false,
    payoutsEnabled: a.payouts_enabled ?? false,
    transfersCapability: a.capabilities?.transfers ?? null,
  };
}

export function toTransferSnapshot(t: Stripe.Transfer): TransferSnapshot {
  return {
    transferId: t.id,
    amount: t.amount,
    amountReversed: t.amount_reversed,
    currency: t.currency,
    destination: idOf(t.destination as string | { id: string } | null) ?? "",
    transferGroup: t.transfer_group ?? null,
    sourceTransaction: idOf(t.source_transaction as string | { id: string } | null),
    reversed: t.reversed,
    reversals: (t.reversals?.data ?? []).map((r) => ({ reversalId: r.id, amount: r.amount, metadata: { ...(r.metadata ?? {}) } })),
  };
}
