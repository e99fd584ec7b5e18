// Refunds on captured charges: full or partial, up to captured - already refunded.
import type { Json, StripeContext } from "./state";
import { seconds, snapshot } from "./state";
import { applyMetadata, listOf, newestMatching, optBool, optInt, optString } from "./params";
import { invalidParam, invalidRequest, missingParam, resourceMissing } from "./errors";
import { getCharge, refundableAmount } from "./charges";
import { getPaymentIntent } from "./payment-intents";
import { reverseTransferRecord } from "./transfers";
import { stripeId } from "../shared/ids";
import { bump } from "../shared/counters";

const REASONS = ["duplicate", "fraudulent", "requested_by_customer"];

export function createRefund(ctx: StripeContext): Json {
  const p = ctx.params;
  const piId = optString(p, "payment_intent");
  const chargeId = optString(p, "charge");
  if (!piId && !chargeId) throw missingParam("payment_intent");
  let charge;
  if (piId) {
    const pi = getPaymentIntent(ctx, piId);
    if (pi.status !== "succeeded" || !pi.latest_charge) {
      throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund (status: ${pi.status}).`, {
        code: "charge_not_refundable",
        param: "payment_intent",
      });
    }
    charge = getCharge(ctx, pi.latest_charge);
  } else {
    charge = getCharge(ctx, chargeId ?? "", "charge");
  }
  if (!charge.captured) {
    throw invalidRequest(`Charge ${charge.id} has not been captured; cancel its PaymentIntent to release the hold.`, {
      code: "charge_not_refundable",
    });
  }
  // Stripe: a charge with a chargeback (not an inquiry) that is open or lost cannot be refunded (is_charge_refundable
  // false); once won it can.
  const chargeback = [...ctx.state.disputes.values()].find(
    (d) => d.charge === charge.id && !d.status.startsWith("warning_") && d.status !== "won",
  );
  if (chargeback) {
    throw invalidRequest(
      `Charge ${charge.id} has been charged back (dispute ${chargeback.id}, ${chargeback.status}); it cannot be refunded.`,
      {
        code: "charge_disputed",
      },
    );
  }
  const remaining = refundableAmount(charge);
  if (remaining <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: "charge_already_refunded" });
  const amount = optInt(p, "amount") ?? remaining;
  if (amount <= 0) throw invalidParam("amount", "Refund amount must be a positive integer.", "parameter_invalid_integer");
  if (amount > remaining) {
    throw invalidRequest(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, {
      code: "amount_too_large",
      param: "amount",
    });
  }
  const reason = optString(p, "reason");
  if (reason !== undefined && !REASONS.includes(reason))
    throw invalidParam("reason", `Invalid reason: must be one of ${REASONS.join(", ")}`);

  const refund = {
    id: stripeId("re"),
    object: "refund" as const,
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: seconds(ctx.now),
    currency: charge.currency,
    metadata: applyMetadata({}, p),
    payment_intent: charge.payment_intent,
    reason: reason ?? null,
    status: "succeeded",
    transfer_reversal: null as string | null,
  };
  // Destination charges: "The transfer will be reversed proportionally to the amount being refunded."
  if (optBool(p, "reverse_transfer") && charge.transfer) {
    const transfer = ctx.state.transfers.get(charge.transfer);
    if (transfer) {
      const share = Math.floor((transfer.amount * amount) / charge.amount_captured);
      const left = transfer.amount - transfer.amount_reversed;
      if (share > 0 && left > 0) refund.transfer_reversal = String(reverseTransferRecord(ctx, transfer, Math.min(share, left), {}).id);
    }
  }
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount_captured;
  ctx.state.refunds.set(refund.id, refund);
  bump(ctx.state.counters.refunds, charge.payment_intent);
  ctx.emit("refund.created", refund);
  ctx.emit("charge.refunded", charge);
  return snapshot(refund);
}

export function retrieveRefund(ctx: StripeContext): Json {
  const id = ctx.path.id ?? "";
  const r = ctx.state.refunds.get(id);
  if (!r) throw resourceMissing("refund", id);
  return snapshot(r);
}

export function listRefunds(ctx: StripeContext): Json {
  const items = newestMatching(ctx.params, ctx.state.refunds.values(), ["payment_intent", "charge"]);
  return listOf("/v1/refunds", items, ctx.params, snapshot);
}
