// Everything stripe-node throws, mapped into the app's one ProviderError (see ../errors.ts for the kinds).
import "server-only";
import Stripe from "stripe";
import { mappedCalls, ProviderError, type ProviderFailure } from "../errors";

const INVALID_STATE_CODES = new Set([
  "payment_intent_unexpected_state",
  "setup_intent_unexpected_state",
  "charge_already_captured",
  "charge_already_refunded",
  "charge_not_refundable",
  "charge_expired_for_capture",
  "capture_charge_authorization_expired",
  "transfer_already_reversed",
]);

/** Maps anything stripe-node throws into a ProviderError. Non-Stripe errors pass through unchanged. */
export function toStripeProviderError(err: unknown): unknown {
  if (err instanceof ProviderError || !(err instanceof Stripe.errors.StripeError)) return err;
  const message = err.message;
  const code = err.code ?? err.rawType ?? err.type;
  const status = err.statusCode ?? null;
  let failure: ProviderFailure;
  if (err instanceof Stripe.errors.StripeConnectionError) {
    const timedOut = /timeout/i.test(message);
    failure = { kind: "ambiguous", provider: "stripe", code: timedOut ? "timeout" : "connection_error", message, statusCode: null };
  } else if (err instanceof Stripe.errors.StripeRateLimitError) {
    failure = { kind: "rate_limited", provider: "stripe", code: err.code ?? "rate_limit", message };
  } else if (err instanceof Stripe.errors.StripeAuthenticationError || err instanceof Stripe.errors.StripePermissionError) {
    failure = { kind: "auth", provider: "stripe", code: err.code ?? "authentication_error", message };
  } else if (err instanceof Stripe.errors.StripeCardError) {
    failure = {
      kind: "declined",
      provider: "stripe",
      code: err.code ?? "card_declined",
      declineCode: err.decline_code ?? null,
      message,
      paymentIntentId: err.payment_intent?.id ?? null,
    };
  } else if (err.code === "idempotency_key_in_use" || (status !== null && status >= 500)) {
    // In flight elsewhere or failed on Stripe's side: the outcome is unknown.
    failure = { kind: "ambiguous", provider: "stripe", code: err.code ?? "api_error", message, statusCode: status };
  } else if (err.code && INVALID_STATE_CODES.has(err.code)) {
    failure = {
      kind: "invalid_state",
      provider: "stripe",
      code: err.code,
      message,
      paymentIntentStatus: err.payment_intent?.status ?? null,
      paymentIntentId: err.payment_intent?.id ?? null,
      existingBatchId: null,
    };
  } else {
    failure = { kind: "invalid_request", provider: "stripe", code, message, param: err.param ?? null, statusCode: status };
  }
  return new ProviderError(failure, { cause: err });
}

export const call = mappedCalls(toStripeProviderError);
