// Card payment methods. Card numbers arrive only through the browser-facing path
// (publishable key, as Stripe.js sends them); server code uses pm ids or Stripe's
// magic test ids (pm_card_visa, ...), which are cloned into a fresh pm on use.
import { createHash } from "node:crypto";
import type { FormObject } from "./form-parse";
import type { PaymentMethodObj, StripeContext } from "./state";
import { seconds, snapshot } from "./state";
import { applyMetadata, listOf, optObject, optString, reqString } from "./params";
import { cardError, invalidRequest, missingParam, resourceMissing } from "./errors";
import { MAGIC_PAYMENT_METHODS, describeCard, luhnValid } from "./cards";
import { getCustomer } from "./customers";
import { stripeId } from "../shared/ids";

interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc?: string;
}

function readCard(card: FormObject | undefined): CardInput {
  if (!card) throw missingParam("card");
  const number = typeof card.number === "string" ? card.number.replace(/[\s-]/g, "") : "";
  if (!number) throw missingParam("card[number]");
  const expMonth = Number(card.exp_month);
  const expYear = Number(card.exp_year);
  if (!card.exp_month) throw missingParam("card[exp_month]");
  if (!card.exp_year) throw missingParam("card[exp_year]");
  return { number, expMonth, expYear, cvc: typeof card.cvc === "string" ? card.cvc : undefined };
}

export function createCardPaymentMethod(ctx: StripeContext, input: CardInput): PaymentMethodObj {
  if (!luhnValid(input.number)) {
    throw cardError({ code: "incorrect_number", param: "card[number]", message: "Your card number is incorrect." });
  }
  if (!Number.isInteger(input.expMonth) || input.expMonth < 1 || input.expMonth > 12) {
    throw cardError({ code: "invalid_expiry_month", param: "card[exp_month]", message: "Your card's expiration month is invalid." });
  }
  const year = input.expYear < 100 ? 2000 + input.expYear : input.expYear;
  const nowDate = new Date(ctx.now);
  const expired =
    !Number.isInteger(year) ||
    year < nowDate.getUTCFullYear() ||
    (year === nowDate.getUTCFullYear() && input.expMonth < nowDate.getUTCMonth() + 1);
  if (expired) {
    throw cardError({ code: "invalid_expiry_year", param: "card[exp_year]", message: "Your card's expiration year is invalid." });
  }
  if (input.cvc !== undefined && !/^\d{3,4}$/.test(input.cvc)) {
    throw cardError({ code: "invalid_cvc", param: "card[cvc]", message: "Your card's security code is invalid." });
  }
  const test = describeCard(input.number);
  const pm: PaymentMethodObj = {
    id: stripeId("pm"),
    object: "payment_method",
    type: "card",
    created: seconds(ctx.now),
    customer: null,
    livemode: false,
    metadata: {},
    allow_redisplay: "unspecified",
    billing_details: { address: null, email: null, name: null, phone: null },
    card: {
      brand: test.brand,
      display_brand: test.brand,
      last4: input.number.slice(-4),
      exp_month: input.expMonth,
      exp_year: year,
      funding: "credit",
      country: "US",
      fingerprint: createHash("sha256").update(input.number).digest("hex").slice(0, 16),
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: input.cvc ? "pass" : null },
      networks: { available: [test.brand], preferred: null },
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
  };
  ctx.state.paymentMethods.set(pm.id, pm);
  ctx.state.cardBehaviors.set(pm.id, test.behavior);
  return pm;
}

/** Looks a pm up, or mints one from a magic test id (as Stripe does in test mode). */
export function resolvePaymentMethod(ctx: StripeContext, id: string, param: string): PaymentMethodObj {
  const existing = ctx.state.paymentMethods.get(id);
  if (existing) return existing;
  const magic = MAGIC_PAYMENT_METHODS[id];
  if (magic)
    return createCardPaymentMethod(ctx, { number: magic, expMonth: 12, expYear: new Date(ctx.now).getUTCFullYear() + 3, cvc: "123" });
  throw resourceMissing("PaymentMethod", id, param);
}

export function attachToCustomer(ctx: StripeContext, pm: PaymentMethodObj, customerId: string): void {
  getCustomer(ctx, customerId, "customer");
  if (pm.customer === customerId) return;
  if (pm.customer) {
    throw invalidRequest("The payment method you provided has already been attached to a customer.", {
      code: "payment_method_unexpected_state",
      param: "payment_method",
    });
  }
  pm.customer = customerId;
  ctx.emit("payment_method.attached", pm);
}

export function createPaymentMethod(ctx: StripeContext) {
  const type = optString(ctx.params, "type") ?? "card";
  if (type !== "card")
    throw invalidRequest(`The sandbox only models card payment methods, not '${type}'.`, { param: "type", store: false });
  const card = optObject(ctx.params, "card");
  if (ctx.apiKeyKind === "secret" && typeof card?.number === "string") {
    // Real Stripe refuses raw card numbers from servers unless the account is
    // specially enabled; the sandbox enforces it so card data never passes our server.
    throw invalidRequest(
      "Sending credit card numbers directly to the Stripe API is generally unsafe. Create payment methods in the browser with your publishable key (Stripe.js), or use test ids such as pm_card_visa.",
      { param: "card[number]", store: false },
    );
  }
  const pm = createCardPaymentMethod(ctx, readCard(card));
  const billing = optObject(ctx.params, "billing_details");
  if (billing) {
    pm.billing_details = {
      address: null,
      email: typeof billing.email === "string" ? billing.email : null,
      name: typeof billing.name === "string" ? billing.name : null,
      phone: typeof billing.phone === "string" ? billing.phone : null,
    };
  }
  pm.metadata = applyMetadata(pm.metadata, ctx.params);
  return snapshot(pm);
}

export function retrievePaymentMethod(ctx: StripeContext) {
  const id = ctx.path.id ?? "";
  const pm = ctx.state.paymentMethods.get(id);
  if (!pm) throw resourceMissing("PaymentMethod", id);
  return snapshot(pm);
}

export function attachPaymentMethod(ctx: StripeContext) {
  const pm = resolvePaymentMethod(ctx, ctx.path.id ?? "", "payment_method");
  attachToCustomer(ctx, pm, reqString(ctx.params, "customer"));
  return snapshot(pm);
}

export function detachPaymentMethod(ctx: StripeContext) {
  const pm = resolvePaymentMethod(ctx, ctx.path.id ?? "", "payment_method");
  if (!pm.customer) {
    throw invalidRequest("The payment method you provided is not attached to a customer so detachment is impossible.", {
      code: "payment_method_unexpected_state",
    });
  }
  pm.customer = null;
  ctx.state.offSessionReady.delete(pm.id);
  ctx.emit("payment_method.detached", pm);
  return snapshot(pm);
}

export function listCustomerPaymentMethods(ctx: StripeContext) {
  const customer = ctx.path.id ?? optString(ctx.params, "customer");
  if (!customer) throw missingParam("customer");
  getCustomer(ctx, customer);
  const items = [...ctx.state.paymentMethods.values()].filter((pm) => pm.customer === customer).reverse();
  return listOf(ctx.path.id ? `/v1/customers/${customer}/payment_methods` : "/v1/payment_methods", items.map(snapshot), ctx.params);
}
