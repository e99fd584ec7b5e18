import "server-only";
// Is this provider object the one our row is about? A Stripe event or list entry may change a payment (or payout) only
// when it is about that row's CURRENT object; objects that carry our ids but are not current (an abandoned attempt, a
// PaymentIntent made or cancelled by hand in the Dashboard, a retry's second object) are STRAY: recorded, released if
// they hold money, never applied. Objects we cannot tie to a row are UNKNOWN. The webhook handler, the operation
// worker, the sweep and reconciliation all decide this here. Pure: no I/O.

export type ObjectRelation = "CURRENT" | "STRAY" | "UNKNOWN";

/** What a payment row says about its provider objects. */
export interface PaymentBinding {
  id: string;
  providerPaymentIntentId: string | null;
  providerChargeId: string | null;
}

/** The payment a PaymentIntent names in its metadata (set on every PaymentIntent we create). */
export function paymentIdOf(pi: { metadata: Record<string, string> }): string | null {
  return pi.metadata.paymentId ?? null;
}

/**
 * A PaymentIntent against the payment its metadata names (or null when no such row exists). With no current intent
 * yet (an authorization in flight), an intent of ours is not current: the operation that made it records its outcome
 * (and binds it), and reconciliation binds one it finds afterwards.
 */
export function paymentIntentRelation(
  pi: { paymentIntentId: string; metadata: Record<string, string> },
  payment: PaymentBinding | null,
): ObjectRelation {
  if (!payment) return "UNKNOWN";
  if (payment.providerPaymentIntentId === pi.paymentIntentId) return "CURRENT";
  return paymentIdOf(pi) === payment.id || payment.providerPaymentIntentId !== null ? "STRAY" : "UNKNOWN";
}

/** A charge is current when it is the payment's recorded charge, or (none recorded yet) a charge of its current intent. */
export function chargeRelation(
  charge: { chargeId: string; paymentIntentId: string | null },
  payment: PaymentBinding | null,
): ObjectRelation {
  if (!payment) return "UNKNOWN";
  if (payment.providerChargeId !== null) return payment.providerChargeId === charge.chargeId ? "CURRENT" : "STRAY";
  return charge.paymentIntentId !== null && charge.paymentIntentId === payment.providerPaymentIntentId ? "CURRENT" : "STRAY";
}

/** What a payout row says about its provider object. */
export interface PayoutBinding {
  id: string;
  providerId: string | null;
}

/**
 * A Stripe transfer against the payout its transfer group names. The transfer id must match the payout's recorded
 * transfer: a transfer_group alone is a label anyone with the Dashboard can copy.
 */
export function transferRelation(transfer: { transferId: string }, payout: PayoutBinding | null): ObjectRelation {
  if (!payout) return "UNKNOWN";
  return payout.providerId === transfer.transferId ? "CURRENT" : "STRAY";
}
