// The 3-D Secure page a customer visits for `next_action.redirect_to_url`.
// Visiting it authenticates (or, with ?outcome=fail, fails) the waiting
// PaymentIntent or SetupIntent, then redirects to the intent's return_url.
// Simplification: Stripe.js would show this in a modal (`use_stripe_sdk`); the
// sandbox always uses the redirect flavour, which a test can follow with fetch.
import type { Json, PaymentIntentObj, PaymentMethodObj, SetupIntentObj, StripeContext } from "./state";
import { snapshot } from "./state";
import { authorizationSucceeded } from "./authorization";
import { setupSucceeded } from "./setup-intents";

export type AuthenticationOutcome = { kind: "not_found" } | { kind: "done"; intentId: string; status: string; returnUrl: string | null };

/** How Stripe words a failed authentication, per kind of intent. */
const FAILURE = {
  payment: {
    field: "last_payment_error",
    code: "payment_intent_authentication_failure",
    message:
      "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
    event: "payment_intent.payment_failed",
  },
  setup: {
    field: "last_setup_error",
    code: "setup_intent_authentication_failure",
    message: "The latest attempt to set up the payment method has failed because authentication failed.",
    event: "setup_intent.setup_failed",
  },
} as const;

/** The intent waits for another payment method, carrying the error and announcing the failure. */
function authenticationFailed(
  ctx: StripeContext,
  intent: PaymentIntentObj | SetupIntentObj,
  pm: PaymentMethodObj,
  f: (typeof FAILURE)[keyof typeof FAILURE],
) {
  intent.status = "requires_payment_method";
  intent.next_action = null;
  (intent as Json)[f.field] = { type: "invalid_request_error", code: f.code, message: f.message, payment_method: snapshot(pm) };
  intent.payment_method = null;
  ctx.emit(f.event, intent);
}

export function completeAuthentication(ctx: StripeContext, token: string, succeed: boolean): AuthenticationOutcome {
  const entry = ctx.state.authentications.get(token);
  if (!entry) return { kind: "not_found" };
  ctx.state.authentications.delete(token);
  const pi = ctx.state.paymentIntents.get(entry.intentId);
  if (pi) {
    if (pi.status === "requires_action" && pi.payment_method) {
      const pm = ctx.state.paymentMethods.get(pi.payment_method);
      if (pm && succeed) authorizationSucceeded(ctx, pi, pm, false);
      else if (pm) authenticationFailed(ctx, pi, pm, FAILURE.payment);
    }
    return { kind: "done", intentId: pi.id, status: pi.status, returnUrl: entry.returnUrl };
  }
  const si = ctx.state.setupIntents.get(entry.intentId);
  if (si) {
    if (si.status === "requires_action" && si.payment_method) {
      const pm = ctx.state.paymentMethods.get(si.payment_method);
      if (pm && succeed) setupSucceeded(ctx, si, pm);
      else if (pm) authenticationFailed(ctx, si, pm, FAILURE.setup);
    }
    return { kind: "done", intentId: si.id, status: si.status, returnUrl: entry.returnUrl };
  }
  return { kind: "not_found" };
}
