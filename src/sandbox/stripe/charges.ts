// Charges: the record of one authorization attempt on a PaymentIntent. The hold's
// deadline lives here, at `payment_method_details.card.capture_before`.
import type { ChargeObj, PaymentIntentObj, PaymentMethodObj, StripeContext } from "./state";
import { seconds, snapshot } from "./state";
import { listOf, newestMatching } from "./params";
import { resourceMissing } from "./errors";
import { stripeId } from "../shared/ids";

export interface ChargeFailure {
  code: string;
  declineCode?: string;
  message: string;
}

export function createCharge(
  ctx: StripeContext,
  pi: PaymentIntentObj,
  pm: PaymentMethodObj,
  opts: { captureBeforeMs?: number; failure?: ChargeFailure },
): ChargeObj {
  const failed = opts.failure !== undefined;
  const card: ChargeObj["payment_method_details"]["card"] = {
    brand: pm.card.brand,
    last4: pm.card.last4,
    exp_month: pm.card.exp_month,
    exp_year: pm.card.exp_year,
    funding: pm.card.funding,
    country: pm.card.country,
    fingerprint: pm.card.fingerprint,
    network: pm.card.brand,
    checks: pm.card.checks,
    three_d_secure: null,
  };
  if (opts.captureBeforeMs !== undefined) card.capture_before = seconds(opts.captureBeforeMs);
  const charge: ChargeObj = {
    id: stripeId("ch"),
    object: "charge",
    amount: pi.amount,
    amount_captured: 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: "SANDBOX",
    captured: false,
    created: seconds(ctx.now),
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_code: opts.failure?.code ?? null,
    failure_message: opts.failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: failed
      ? {
          network_status: "declined_by_network",
          reason: opts.failure?.declineCode ?? null,
          risk_level: "normal",
          seller_message: "The bank did not return any further details with this decline.",
          type: "issuer_declined",
        }
      : {
          network_status: "approved_by_network",
          reason: null,
          risk_level: "normal",
          seller_message: "Payment complete.",
          type: "authorized",
        },
    paid: !failed,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: { type: "card", card },
    receipt_url: null,
    refunded: false,
    status: failed ? "failed" : "succeeded",
    transfer: null,
    transfer_data: pi.transfer_data,
    transfer_group: pi.transfer_group,
  };
  ctx.state.charges.set(charge.id, charge);
  return charge;
}

export function getCharge(ctx: StripeContext, id: string, param?: string): ChargeObj {
  const ch = ctx.state.charges.get(id);
  if (!ch) throw resourceMissing("charge", id, param);
  return ch;
}

/** Captured and not yet refunded: what a refund or a source_transaction may still use. */
export function refundableAmount(ch: ChargeObj): number {
  return ch.captured ? ch.amount_captured - ch.amount_refunded : 0;
}

export function retrieveCharge(ctx: StripeContext) {
  return snapshot(getCharge(ctx, ctx.path.id ?? ""));
}

export function listCharges(ctx: StripeContext) {
  const items = newestMatching(ctx.params, ctx.state.charges.values(), ["payment_intent", "customer"]);
  return listOf("/v1/charges", items, ctx.params, snapshot);
}
