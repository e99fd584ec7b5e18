// PaymentIntents: create (+confirm), confirm, update, retrieve, list, search,
// capture and cancel, with Stripe's state rules and error shapes.
import type { Json, PaymentIntentObj, StripeContext } from "./state";
import { seconds, snapshot } from "./state";
import {
  applyMetadata,
  expandList,
  listLimit,
  listOf,
  newestMatching,
  optBool,
  optInt,
  optObject,
  optString,
  reqInt,
  reqString,
} from "./params";
import { invalidParam, invalidRequest, resourceMissing, unexpectedState } from "./errors";
import { confirmPaymentIntent, destinationTransfer } from "./authorization";
import { getCharge } from "./charges";
import { disputeAfterCapture } from "./disputes";
import { getCustomer } from "./customers";
import { resolvePaymentMethod } from "./payment-methods";
import { matchesQuery, parseSearchQuery } from "./search-query";
import { randomToken, stripeId } from "../shared/ids";
import { bump } from "../shared/counters";

/** Stripe's minimum charge amounts (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts), a few currencies. */
const MINIMUM_AMOUNT: Record<string, number> = { usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50, chf: 50, jpy: 50 };

const CANCELABLE = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"];
const CANCELLATION_REASONS = ["duplicate", "fraudulent", "requested_by_customer", "abandoned"];

export function getPaymentIntent(ctx: StripeContext, id: string): PaymentIntentObj {
  const pi = ctx.state.paymentIntents.get(id);
  if (!pi) throw resourceMissing("payment_intent", id);
  return pi;
}

/** Snapshot with `expand[]` applied (latest_charge, payment_method, customer). */
export function renderPaymentIntent(ctx: StripeContext, pi: PaymentIntentObj, expand: string[] = expandList(ctx.params)): Json {
  const out: Json = snapshot(pi);
  for (const path of expand) {
    if (path === "latest_charge" && pi.latest_charge) out.latest_charge = snapshot(ctx.state.charges.get(pi.latest_charge) ?? null);
    else if (path === "payment_method" && pi.payment_method)
      out.payment_method = snapshot(ctx.state.paymentMethods.get(pi.payment_method) ?? null);
    else if (path === "customer" && pi.customer) out.customer = snapshot(ctx.state.customers.get(pi.customer) ?? null);
  }
  return out;
}

/** The sandbox models cards only; `allowed_payment_method_types` may name nothing else. */
export function allowedTypes(ctx: StripeContext): string[] {
  const v = ctx.params.allowed_payment_method_types ?? ctx.params.payment_method_types;
  if (v === undefined) return ["card"];
  const list = Array.isArray(v) ? v : [v];
  if (list.some((t) => t !== "card")) {
    throw invalidParam("allowed_payment_method_types", "The sandbox models card payments only.");
  }
  return ["card"];
}

function offSessionParam(ctx: StripeContext): boolean {
  const v = ctx.params.off_session;
  if (v === "one_off" || v === "recurring") return true;
  return optBool(ctx.params, "off_session") ?? false;
}

function setPaymentMethod(ctx: StripeContext, pi: PaymentIntentObj, pmId: string): void {
  const pm = resolvePaymentMethod(ctx, pmId, "payment_method");
  if (pm.customer && pi.customer && pm.customer !== pi.customer) {
    throw invalidRequest(`The provided PaymentMethod ${pm.id} belongs to another customer.`, { param: "payment_method" });
  }
  pi.payment_method = pm.id;
}

export function createPaymentIntent(ctx: StripeContext): Json {
  const p = ctx.params;
  const amount = reqInt(p, "amount");
  const currency = reqString(p, "currency").toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalidParam("currency", `Invalid currency: ${currency}.`);
  const minimum = MINIMUM_AMOUNT[currency] ?? 1;
  if (amount < minimum) {
    throw invalidRequest(`Amount must be at least ${minimum} ${currency} minor units.`, {
      code: "amount_too_small",
      param: "amount",
      store: false,
    });
  }
  const captureMethod = optString(p, "capture_method") ?? "automatic";
  if (!["automatic", "automatic_async", "manual"].includes(captureMethod))
    throw invalidParam("capture_method", `Invalid capture_method: ${captureMethod}`);
  const confirm = optBool(p, "confirm") ?? false;
  const offSession = offSessionParam(ctx);
  if (p.off_session !== undefined && !confirm) {
    throw invalidRequest("You can only set `off_session` when `confirm` is true.", { param: "off_session", store: false });
  }
  const customer = optString(p, "customer") || null;
  if (customer) getCustomer(ctx, customer, "customer");
  const transferData = optObject(p, "transfer_data");
  let transfer_data: PaymentIntentObj["transfer_data"] = null;
  if (transferData) {
    const destination = typeof transferData.destination === "string" ? transferData.destination : "";
    if (!ctx.state.accounts.has(destination)) {
      throw invalidRequest(`No such destination: '${destination}'`, { code: "resource_missing", param: "transfer_data[destination]" });
    }
    transfer_data = { destination };
    if (typeof transferData.amount === "string") transfer_data.amount = Number(transferData.amount);
  }
  const fee = optInt(p, "application_fee_amount") ?? null;
  if (fee !== null && (fee < 0 || fee > amount))
    throw invalidParam("application_fee_amount", "application_fee_amount must be between 0 and amount.", "parameter_invalid_integer");
  const setupFutureUsage = optString(p, "setup_future_usage") || null;

  const id = stripeId("pi");
  const pi: PaymentIntentObj = {
    id,
    object: "payment_intent",
    amount,
    allowed_payment_method_types: allowedTypes(ctx),
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: fee,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: captureMethod,
    client_secret: `${id}_secret_${randomToken(25)}`,
    confirmation_method: "automatic",
    created: seconds(ctx.now),
    currency,
    customer,
    description: optString(p, "description") ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: applyMetadata({}, p),
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    processing: null,
    receipt_email: optString(p, "receipt_email") ?? null,
    setup_future_usage: setupFutureUsage,
    statement_descriptor: null,
    status: "requires_payment_method",
    transfer_data,
    transfer_group: optString(p, "transfer_group") ?? null,
  };
  const pmId = optString(p, "payment_method");
  if (pmId) setPaymentMethod(ctx, pi, pmId);
  if (pi.payment_method) pi.status = "requires_confirmation";
  ctx.state.paymentIntents.set(id, pi);
  ctx.emit("payment_intent.created", pi);
  if (confirm) confirmPaymentIntent(ctx, pi, offSession, optString(p, "return_url") ?? null);
  return renderPaymentIntent(ctx, pi);
}

export function confirmPaymentIntentHandler(ctx: StripeContext): Json {
  const pi = getPaymentIntent(ctx, ctx.path.id ?? "");
  if (pi.status !== "requires_payment_method" && pi.status !== "requires_confirmation") {
    throw unexpectedState(
      `This PaymentIntent's status is ${pi.status}, but it must be requires_payment_method or requires_confirmation to be confirmed.`,
      snapshot(pi),
    );
  }
  const pmId = optString(ctx.params, "payment_method");
  if (pmId) setPaymentMethod(ctx, pi, pmId);
  const sfu = optString(ctx.params, "setup_future_usage");
  if (sfu) pi.setup_future_usage = sfu;
  confirmPaymentIntent(ctx, pi, offSessionParam(ctx), optString(ctx.params, "return_url") ?? null);
  return renderPaymentIntent(ctx, pi);
}

export function updatePaymentIntent(ctx: StripeContext): Json {
  const pi = getPaymentIntent(ctx, ctx.path.id ?? "");
  if (pi.status === "succeeded" || pi.status === "canceled") {
    const only = Object.keys(ctx.params).every((k) => k === "metadata" || k === "description" || k === "expand");
    if (!only)
      throw unexpectedState(`This PaymentIntent's status is ${pi.status}; only metadata and description can be updated.`, snapshot(pi));
  }
  pi.metadata = applyMetadata(pi.metadata, ctx.params);
  const description = optString(ctx.params, "description");
  if (description !== undefined) pi.description = description || null;
  return renderPaymentIntent(ctx, pi);
}

export function retrievePaymentIntent(ctx: StripeContext): Json {
  return renderPaymentIntent(ctx, getPaymentIntent(ctx, ctx.path.id ?? ""));
}

export function listPaymentIntents(ctx: StripeContext): Json {
  const items = newestMatching(ctx.params, ctx.state.paymentIntents.values(), ["customer"]);
  const expand = expandList(ctx.params)
    .filter((e) => e.startsWith("data."))
    .map((e) => e.slice(5));
  return listOf("/v1/payment_intents", items, ctx.params, (pi) => renderPaymentIntent(ctx, pi, expand));
}

/**
 * Simplification: real search is eventually consistent (new objects can take
 * about a minute to appear); the sandbox answers immediately. Don't rely on
 * search for read-after-write; list by customer instead.
 */
export function searchPaymentIntents(ctx: StripeContext): Json {
  const query = parseSearchQuery(reqString(ctx.params, "query"));
  const limit = listLimit(ctx.params);
  const offset = Number(optString(ctx.params, "page") ?? "0") || 0;
  const hits = [...ctx.state.paymentIntents.values()].reverse().filter((pi) => matchesQuery(pi, query));
  const page = hits.slice(offset, offset + limit);
  const hasMore = offset + limit < hits.length;
  return {
    object: "search_result",
    data: page.map((pi) => renderPaymentIntent(ctx, pi, [])),
    has_more: hasMore,
    next_page: hasMore ? String(offset + limit) : null,
    url: "/v1/payment_intents/search",
  };
}

export function capturePaymentIntent(ctx: StripeContext): Json {
  const pi = getPaymentIntent(ctx, ctx.path.id ?? "");
  if (pi.status !== "requires_capture") {
    throw unexpectedState(
      `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      snapshot(pi),
    );
  }
  const p = ctx.params;
  if (optBool(p, "final_capture") === false) {
    throw invalidRequest("Multicapture (final_capture=false) is not available on this account.", { param: "final_capture", store: false });
  }
  const amount = optInt(p, "amount_to_capture") ?? pi.amount_capturable;
  if (amount <= 0) throw invalidParam("amount_to_capture", "amount_to_capture must be a positive integer.", "parameter_invalid_integer");
  if (amount > pi.amount_capturable) {
    throw invalidRequest(
      `The amount_to_capture (${amount}) must be less than or equal to the amount_capturable (${pi.amount_capturable}).`,
      { code: "amount_too_large", param: "amount_to_capture" },
    );
  }
  const requestedFee = optInt(p, "application_fee_amount") ?? pi.application_fee_amount;
  if (requestedFee !== null && requestedFee < 0)
    throw invalidParam("application_fee_amount", "application_fee_amount must be >= 0.", "parameter_invalid_integer");
  // "The amount of the application fee collected will be capped at the total amount captured."
  const fee = requestedFee === null ? null : Math.min(requestedFee, amount);

  const charge = getCharge(ctx, pi.latest_charge ?? "");
  charge.captured = true;
  charge.amount_captured = amount;
  if (fee !== null) {
    charge.application_fee = stripeId("fee");
    charge.application_fee_amount = fee;
  }
  pi.metadata = applyMetadata(pi.metadata, p);
  pi.application_fee_amount = fee;
  pi.amount_received = amount;
  pi.amount_capturable = 0;
  pi.status = "succeeded";
  const transferData = optObject(p, "transfer_data");
  destinationTransfer(ctx, pi, amount, typeof transferData?.amount === "string" ? Number(transferData.amount) : undefined);
  bump(ctx.state.counters.captures, pi.id);
  ctx.emit("charge.captured", charge);
  ctx.emit("payment_intent.succeeded", pi);
  disputeAfterCapture(ctx, charge);
  return renderPaymentIntent(ctx, pi);
}

export function cancelPaymentIntent(ctx: StripeContext): Json {
  const pi = getPaymentIntent(ctx, ctx.path.id ?? "");
  if (!CANCELABLE.includes(pi.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(", ")}.`,
      snapshot(pi),
    );
  }
  const reason = optString(ctx.params, "cancellation_reason");
  if (reason !== undefined && !CANCELLATION_REASONS.includes(reason)) {
    throw invalidParam("cancellation_reason", `Invalid cancellation_reason: must be one of ${CANCELLATION_REASONS.join(", ")}`);
  }
  releaseHold(ctx, pi);
  pi.status = "canceled";
  pi.canceled_at = seconds(ctx.now);
  pi.cancellation_reason = reason ?? null;
  pi.next_action = null;
  bump(ctx.state.counters.cancels, pi.id);
  ctx.emit("payment_intent.canceled", pi);
  return renderPaymentIntent(ctx, pi);
}

/**
 * Releases an uncaptured authorization: Stripe marks the uncaptured charge as
 * refunded ("the remaining amount_capturable is automatically refunded"). No
 * Refund object and no charge.refunded event are produced for a release here.
 */
export function releaseHold(ctx: StripeContext, pi: PaymentIntentObj): void {
  if (pi.status === "requires_capture" && pi.latest_charge) {
    const charge = ctx.state.charges.get(pi.latest_charge);
    if (charge && !charge.captured) {
      charge.refunded = true;
      charge.amount_refunded = charge.amount;
    }
  }
  pi.amount_capturable = 0;
}
