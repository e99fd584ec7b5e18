// Confirming a PaymentIntent: what the card network answers for each test card.
//
// - success: a charge is authorized; with capture_method=manual the PI waits in
//   requires_capture until `capture_before` (7 days for customer-initiated holds,
//   4 d 18 h for merchant-initiated Visa holds, per Stripe's table).
// - declines: a failed charge, PI back to requires_payment_method, 402 card_error.
// - authentication: on-session -> requires_action with a 3-D Secure page on the
//   sandbox; off-session -> 402 authentication_required (the customer is not there).
import type { PaymentIntentObj, PaymentMethodObj, StripeContext } from "./state";
import { snapshot } from "./state";
import { cardError, invalidRequest } from "./errors";
import { createCharge, getCharge, type ChargeFailure } from "./charges";
import { attachToCustomer } from "./payment-methods";
import { createTransferRecord } from "./transfers";
import { disputeAfterCapture } from "./disputes";
import { randomToken } from "../shared/ids";
import { bump } from "../shared/counters";

const DECLINES: Record<string, ChargeFailure> = {
  decline_generic: { code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." },
  decline_insufficient_funds: {
    code: "card_declined",
    declineCode: "insufficient_funds",
    message: "Your card has insufficient funds.",
  },
};

const AUTHENTICATION_REQUIRED: ChargeFailure = {
  code: "authentication_required",
  declineCode: "authentication_required",
  message: "Your card was declined. This transaction requires authentication.",
};

/** Whether this card asks for 3-D Secure on this attempt. */
export function needsAuthentication(ctx: StripeContext, pm: PaymentMethodObj): boolean {
  const behavior = ctx.state.cardBehaviors.get(pm.id) ?? "succeed";
  if (behavior === "authenticate_always") return true;
  // 4000002500003155 asks once; a card saved with a SetupIntent (or with
  // setup_future_usage) is then exempt, as on real Stripe.
  return behavior === "authenticate_unless_setup" && !ctx.state.offSessionReady.has(pm.id);
}

export function authenticationPage(ctx: StripeContext, intentId: string, returnUrl: string | null) {
  const token = randomToken(24);
  ctx.state.authentications.set(token, { intentId, returnUrl });
  return {
    type: "redirect_to_url",
    redirect_to_url: { url: `${ctx.baseUrl}/3ds/authenticate/${token}`, return_url: returnUrl },
  };
}

function fail(ctx: StripeContext, pi: PaymentIntentObj, pm: PaymentMethodObj, failure: ChargeFailure, withCharge: boolean): never {
  const charge = withCharge ? createCharge(ctx, pi, pm, { failure }) : undefined;
  pi.status = "requires_payment_method";
  pi.next_action = null;
  pi.last_payment_error = {
    type: "card_error",
    code: failure.code,
    decline_code: failure.declineCode,
    message: failure.message,
    charge: charge?.id,
    payment_method: snapshot(pm),
    doc_url: `https://stripe.com/docs/error-codes/${failure.code.replace(/_/g, "-")}`,
  };
  if (charge) {
    pi.latest_charge = charge.id;
    ctx.emit("charge.failed", charge);
  }
  pi.payment_method = null;
  ctx.emit("payment_intent.payment_failed", pi);
  throw cardError({
    code: failure.code,
    declineCode: failure.declineCode,
    message: failure.message,
    charge: charge?.id,
    paymentIntent: snapshot(pi),
    paymentMethod: snapshot(pm),
  });
}

/** The hold is in place: charge authorized, PI capturable (or captured, for automatic capture). */
export function authorizationSucceeded(ctx: StripeContext, pi: PaymentIntentObj, pm: PaymentMethodObj, offSession: boolean): void {
  const windows = ctx.config.authorizationWindows;
  const windowMs = offSession && pm.card.brand === "visa" ? windows.merchantInitiatedVisaMs : windows.customerInitiatedMs;
  const manual = pi.capture_method === "manual";
  const charge = createCharge(ctx, pi, pm, { captureBeforeMs: manual ? ctx.now + windowMs : undefined });
  pi.latest_charge = charge.id;
  pi.next_action = null;
  pi.last_payment_error = null;
  if (pi.setup_future_usage) {
    ctx.state.offSessionReady.add(pm.id);
    if (pi.customer && !pm.customer) attachToCustomer(ctx, pm, pi.customer);
  }
  bump(ctx.state.counters.authorizations, pi.id);
  ctx.emit("charge.succeeded", charge);
  if (manual) {
    pi.status = "requires_capture";
    pi.amount_capturable = pi.amount;
    ctx.emit("payment_intent.amount_capturable_updated", pi);
    return;
  }
  charge.captured = true;
  charge.amount_captured = pi.amount;
  pi.status = "succeeded";
  pi.amount_received = pi.amount;
  if (pi.application_fee_amount !== null) charge.application_fee_amount = pi.application_fee_amount;
  destinationTransfer(ctx, pi, pi.amount, undefined);
  ctx.emit("payment_intent.succeeded", pi);
  disputeAfterCapture(ctx, charge);
}

/** Destination charges (`transfer_data[destination]`): Stripe moves the funds when the charge is captured. */
export function destinationTransfer(ctx: StripeContext, pi: PaymentIntentObj, captured: number, amountOverride: number | undefined): void {
  if (!pi.transfer_data || !pi.latest_charge) return;
  const charge = getCharge(ctx, pi.latest_charge);
  const transfer = createTransferRecord(ctx, {
    amount: amountOverride ?? pi.transfer_data.amount ?? captured,
    currency: pi.currency,
    destination: pi.transfer_data.destination,
    transferGroup: pi.transfer_group ?? `group_${pi.id}`,
    sourceTransaction: charge.id,
    metadata: {},
  });
  charge.transfer = transfer.id;
}

export function confirmPaymentIntent(ctx: StripeContext, pi: PaymentIntentObj, offSession: boolean, returnUrl: string | null): void {
  const pmId = pi.payment_method;
  if (!pmId) {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      { code: "payment_intent_unexpected_state", store: false, extra: { payment_intent: snapshot(pi) } },
    );
  }
  const pm = ctx.state.paymentMethods.get(pmId);
  if (!pm) throw invalidRequest(`No such PaymentMethod: '${pmId}'`, { code: "resource_missing", param: "payment_method" });
  const behavior = ctx.state.cardBehaviors.get(pm.id) ?? "succeed";
  const decline = DECLINES[behavior];
  if (decline) fail(ctx, pi, pm, decline, true);
  if (needsAuthentication(ctx, pm)) {
    if (offSession) fail(ctx, pi, pm, AUTHENTICATION_REQUIRED, false);
    pi.status = "requires_action";
    pi.next_action = authenticationPage(ctx, pi.id, returnUrl);
    ctx.emit("payment_intent.requires_action", pi);
    return;
  }
  authorizationSucceeded(ctx, pi, pm, offSession);
}
