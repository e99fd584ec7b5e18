// The 3-D Secure page a customer visits for `next_action.redirect_to_url`.
// Visiting it authenticates (or, with ?outcome=fail, fails) the waiting
// PaymentIntent or SetupIntent, then redirects to the intent's return_url.
// Simplification: Stripe.js would show this in a modal (`use_stripe_sdk`); the
// sandbox always uses the redirect flavour, which a test can follow with fetch.
import type { StripeContext } from "./state";
import { snapshot } from "./state";
import { authorizationSucceeded } from "./authorization";
import { setupSucceeded } from "./setup-intents";

export type AuthenticationOutcome = { kind: "not_found" } | { kind: "done"; intentId: string; status: string; returnUrl: string | null };

export function completeAuthentication(ctx: StripeContext, token: string, succeed: boolean): AuthenticationOutcome {
  const entry = ctx.state.authentications.get(token);
  if (!entry) return { kind: "not_found" };
  ctx.state.authentications.delete(token);
  const pi = ctx.state.paymentIntents.get(entry.intentId);
  if (pi) {
    if (pi.status === "requires_action" && pi.payment_method) {
      const pm = ctx.state.paymentMethods.get(pi.payment_method);
      if (pm && succeed) authorizationSucceeded(ctx, pi, pm, false);
      else if (pm) {
        pi.status = "requires_payment_method";
        pi.next_action = null;
        pi.last_payment_error = {
          type: "invalid_request_error",
          code: "payment_intent_authentication_failure",
          message:
            "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
          payment_method: snapshot(pm),
        };
        pi.payment_method = null;
        ctx.emit("payment_intent.payment_failed", pi);
      }
    }
    return { kind: "done", intentId: pi.id, status: pi.status, returnUrl: entry.returnUrl };
  }
  const si = ctx.state.setupIntents.get(entry.intentId);
  if (si) {
    if (si.status === "requires_action" && si.payment_method) {
      const pm = ctx.state.paymentMethods.get(si.payment_method);
      if (pm && succeed) setupSucceeded(ctx, si, pm);
      else if (pm) {
        si.status = "requires_payment_method";
        si.next_action = null;
        si.last_setup_error = {
          type: "invalid_request_error",
          code: "setup_intent_authentication_failure",
          message: "The latest attempt to set up the payment method has failed because authentication failed.",
          payment_method: snapshot(pm),
        };
        si.payment_method = null;
        ctx.emit("setup_intent.setup_failed", si);
      }
    }
    return { kind: "done", intentId: si.id, status: si.status, returnUrl: entry.returnUrl };
  }
  return { kind: "not_found" };
}
