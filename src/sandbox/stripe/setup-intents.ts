// SetupIntents: save a card for later off-session use. A succeeded SetupIntent
// attaches the card to the customer and marks it ready for off-session payments
// (which is what exempts 4000002500003155 from further authentication).
import type { Json, PaymentMethodObj, SetupIntentObj, StripeContext } from "./state";
import { seconds, snapshot } from "./state";
import { applyMetadata, optBool, optString } from "./params";
import { cardError, invalidRequest, resourceMissing } from "./errors";
import { getCustomer } from "./customers";
import { attachToCustomer, resolvePaymentMethod } from "./payment-methods";
import { authenticationPage, needsAuthentication } from "./authorization";
import { allowedTypes } from "./payment-intents";
import { randomToken, stripeId } from "../shared/ids";

export function getSetupIntent(ctx: StripeContext, id: string): SetupIntentObj {
  const si = ctx.state.setupIntents.get(id);
  if (!si) throw resourceMissing("setup_intent", id);
  return si;
}

export function setupSucceeded(ctx: StripeContext, si: SetupIntentObj, pm: PaymentMethodObj): void {
  if (si.customer) attachToCustomer(ctx, pm, si.customer);
  if (si.usage === "off_session") ctx.state.offSessionReady.add(pm.id);
  si.status = "succeeded";
  si.next_action = null;
  si.last_setup_error = null;
  ctx.emit("setup_intent.succeeded", si);
}

export function setupFailed(
  ctx: StripeContext,
  si: SetupIntentObj,
  pm: PaymentMethodObj,
  code: string,
  message: string,
  declineCode?: string,
): never {
  si.status = "requires_payment_method";
  si.payment_method = null;
  si.next_action = null;
  si.last_setup_error = { type: "card_error", code, decline_code: declineCode, message, payment_method: snapshot(pm) };
  ctx.emit("setup_intent.setup_failed", si);
  throw cardError({ code, declineCode, message, setupIntent: snapshot(si), paymentMethod: snapshot(pm) });
}

function confirmSetup(ctx: StripeContext, si: SetupIntentObj, returnUrl: string | null): void {
  if (!si.payment_method) {
    throw invalidRequest("You cannot confirm this SetupIntent because it's missing a payment method.", {
      code: "setup_intent_unexpected_state",
      store: false,
    });
  }
  const pm = resolvePaymentMethod(ctx, si.payment_method, "payment_method");
  const behavior = ctx.state.cardBehaviors.get(pm.id) ?? "succeed";
  if (behavior === "decline_generic") setupFailed(ctx, si, pm, "card_declined", "Your card was declined.", "generic_decline");
  if (behavior === "decline_insufficient_funds") {
    setupFailed(ctx, si, pm, "card_declined", "Your card has insufficient funds.", "insufficient_funds");
  }
  if (needsAuthentication(ctx, pm)) {
    si.status = "requires_action";
    si.next_action = authenticationPage(ctx, si.id, returnUrl);
    ctx.emit("setup_intent.requires_action", si);
    return;
  }
  setupSucceeded(ctx, si, pm);
}

export function createSetupIntent(ctx: StripeContext): Json {
  const p = ctx.params;
  const customer = optString(p, "customer") || null;
  if (customer) getCustomer(ctx, customer, "customer");
  const usage = optString(p, "usage") ?? "off_session";
  if (usage !== "off_session" && usage !== "on_session") throw invalidRequest(`Invalid usage: ${usage}`, { param: "usage", store: false });
  const allowed = allowedTypes(ctx);
  const id = stripeId("seti");
  const si: SetupIntentObj = {
    id,
    object: "setup_intent",
    allowed_payment_method_types: allowed,
    application: null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${randomToken(25)}`,
    created: seconds(ctx.now),
    customer,
    description: optString(p, "description") ?? null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    metadata: applyMetadata({}, p),
    next_action: null,
    payment_method: null,
    payment_method_types: ["card"],
    status: "requires_payment_method",
    usage,
  };
  const pmId = optString(p, "payment_method");
  if (pmId) {
    si.payment_method = resolvePaymentMethod(ctx, pmId, "payment_method").id;
    si.status = "requires_confirmation";
  }
  ctx.state.setupIntents.set(id, si);
  ctx.emit("setup_intent.created", si);
  if (optBool(p, "confirm")) confirmSetup(ctx, si, optString(p, "return_url") ?? null);
  return snapshot(si);
}

export function confirmSetupIntent(ctx: StripeContext): Json {
  const si = getSetupIntent(ctx, ctx.path.id ?? "");
  if (si.status !== "requires_payment_method" && si.status !== "requires_confirmation") {
    throw invalidRequest(`This SetupIntent's status is ${si.status}; it cannot be confirmed.`, {
      code: "setup_intent_unexpected_state",
      extra: { setup_intent: snapshot(si) },
    });
  }
  const pmId = optString(ctx.params, "payment_method");
  if (pmId) si.payment_method = resolvePaymentMethod(ctx, pmId, "payment_method").id;
  confirmSetup(ctx, si, optString(ctx.params, "return_url") ?? null);
  return snapshot(si);
}

export function retrieveSetupIntent(ctx: StripeContext): Json {
  return snapshot(getSetupIntent(ctx, ctx.path.id ?? ""));
}
