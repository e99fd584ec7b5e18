// Disputes (chargebacks and inquiries) on captured charges, as Stripe has them:
// test cards open one right after capture, `GET /v1/disputes` lists them, `POST
// /v1/disputes/:id` saves evidence (and with `submit=true` submits it),
// `POST /v1/disputes/:id/close` accepts the loss. A chargeback withdraws the
// disputed amount plus a dispute fee from the platform balance (a balance
// transaction on the dispute); a won chargeback reinstates the amount.
import type { BalanceTransactionObj, ChargeObj, DisputeObj, Json, StripeContext } from "./state";
import { seconds, snapshot } from "./state";
import { applyMetadata, listOf, newestMatching, optBool, optObject } from "./params";
import { invalidParam, invalidRequest, resourceMissing } from "./errors";
import { stripeId } from "../shared/ids";
import { DAY_MS } from "../clock";

/** Stripe's dispute fee in the few currencies the sandbox knows ($15.00 in the US); others use 1500 minor units. */
const DISPUTE_FEE: Record<string, number> = { usd: 1500, eur: 2000, gbp: 2000, cad: 1500, aud: 2500, chf: 2500 };
/** Evidence is due a week after the dispute opens (real networks vary: 7–21 days). */
export const EVIDENCE_WINDOW_MS = 7 * DAY_MS;

/** The evidence fields Stripe accepts (text, or a file id for the document fields). */
export const EVIDENCE_FIELDS = [
  "access_activity_log",
  "billing_address",
  "cancellation_policy",
  "cancellation_policy_disclosure",
  "cancellation_rebuttal",
  "customer_communication",
  "customer_email_address",
  "customer_name",
  "customer_purchase_ip",
  "customer_signature",
  "duplicate_charge_documentation",
  "duplicate_charge_explanation",
  "duplicate_charge_id",
  "product_description",
  "receipt",
  "refund_policy",
  "refund_policy_disclosure",
  "refund_refusal_explanation",
  "service_date",
  "service_documentation",
  "shipping_address",
  "shipping_carrier",
  "shipping_date",
  "shipping_documentation",
  "shipping_tracking_number",
  "uncategorized_file",
  "uncategorized_text",
] as const;

/** Fields that take a File upload id (file_…), not text. */
const FILE_FIELDS = [
  "cancellation_policy",
  "customer_communication",
  "customer_signature",
  "duplicate_charge_documentation",
  "receipt",
  "refund_policy",
  "service_documentation",
  "shipping_documentation",
  "uncategorized_file",
];

/** Stripe's limit on the combined length of all text evidence. */
const EVIDENCE_MAX_CHARS = 150_000;

const OPEN = ["needs_response", "warning_needs_response"];
const REVIEW = ["under_review", "warning_under_review"];
const FINAL = ["won", "lost", "warning_closed"];

export interface OpenDisputeOptions {
  reason?: string;
  /** An inquiry (pre-dispute): `warning_needs_response`, no money moves. */
  inquiry?: boolean;
  /** Defaults to what is captured and not refunded. */
  amount?: number;
}

function balanceTransaction(
  ctx: StripeContext,
  dp: DisputeObj,
  amount: number,
  fee: number,
  category: "dispute" | "dispute_reversal",
): BalanceTransactionObj {
  return {
    id: stripeId("txn"),
    object: "balance_transaction",
    amount,
    created: seconds(ctx.now),
    currency: dp.currency,
    description: `${category === "dispute" ? "Chargeback withdrawal" : "Chargeback reversal"} for ${dp.charge}`,
    fee,
    fee_details:
      fee === 0 ? [] : [{ amount: fee, application: null, currency: dp.currency, description: "Dispute fee", type: "stripe_fee" }],
    net: amount - fee,
    reporting_category: category,
    source: dp.id,
    status: "available",
    type: "adjustment",
  };
}

export function openDispute(ctx: StripeContext, charge: ChargeObj, opts: OpenDisputeOptions = {}): DisputeObj {
  if (!charge.captured) throw invalidRequest(`Charge ${charge.id} has not been captured; only captured charges can be disputed.`);
  const open = [...ctx.state.disputes.values()].find((d) => d.charge === charge.id);
  if (open) throw invalidRequest(`Charge ${charge.id} already has a dispute (${open.id}).`);
  const amount = opts.amount ?? charge.amount_captured - charge.amount_refunded;
  if (amount <= 0 || amount > charge.amount_captured - charge.amount_refunded) {
    throw invalidParam("amount", `The disputed amount must be between 1 and ${charge.amount_captured - charge.amount_refunded}.`);
  }
  const dp: DisputeObj = {
    id: stripeId("dp"),
    object: "dispute",
    amount,
    balance_transactions: [],
    charge: charge.id,
    created: seconds(ctx.now),
    currency: charge.currency,
    evidence: Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, null])),
    evidence_details: {
      due_by: seconds(ctx.now + EVIDENCE_WINDOW_MS),
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: "not_submitted",
    },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason: opts.reason ?? (opts.inquiry ? "general" : "fraudulent"),
    status: opts.inquiry ? "warning_needs_response" : "needs_response",
  };
  ctx.state.disputes.set(dp.id, dp);
  charge.disputed = true;
  ctx.emit("charge.dispute.created", dp);
  if (!opts.inquiry) {
    dp.balance_transactions.push(balanceTransaction(ctx, dp, -amount, DISPUTE_FEE[dp.currency] ?? 1500, "dispute"));
    ctx.emit("charge.dispute.funds_withdrawn", dp);
  }
  return dp;
}

/** Called after a capture: the dispute test cards open their dispute now (Stripe opens it moments later). */
export function disputeAfterCapture(ctx: StripeContext, charge: ChargeObj): void {
  const behavior = ctx.state.cardBehaviors.get(charge.payment_method);
  if (behavior === "dispute_fraudulent") openDispute(ctx, charge, { reason: "fraudulent" });
  if (behavior === "dispute_inquiry") openDispute(ctx, charge, { reason: "fraudulent", inquiry: true });
}

export function getDispute(ctx: StripeContext, id: string): DisputeObj {
  const dp = ctx.state.disputes.get(id);
  if (!dp) throw resourceMissing("dispute", id);
  return dp;
}

/** Closes a dispute with its final status; a won chargeback gets its money back (the fee stays withdrawn). */
export function closeDisputeAs(ctx: StripeContext, dp: DisputeObj, outcome: "won" | "lost"): DisputeObj {
  if (FINAL.includes(dp.status)) throw invalidRequest(`Dispute ${dp.id} is already closed (status: ${dp.status}).`);
  const inquiry = dp.status.startsWith("warning_");
  const previous = { status: dp.status };
  dp.status = inquiry ? "warning_closed" : outcome;
  dp.is_charge_refundable = inquiry;
  ctx.emit("charge.dispute.closed", dp, { previousAttributes: previous });
  if (!inquiry && outcome === "won") {
    dp.balance_transactions.push(balanceTransaction(ctx, dp, dp.amount, 0, "dispute_reversal"));
    ctx.emit("charge.dispute.funds_reinstated", dp);
  }
  return dp;
}

function submitEvidence(ctx: StripeContext, dp: DisputeObj, method: "manual" | "automatic"): void {
  const previous = { status: dp.status };
  dp.status = dp.status === "warning_needs_response" ? "warning_under_review" : "under_review";
  dp.evidence_details.submission_count++;
  dp.evidence_details.submission_method = method === "manual" ? "manual" : "not_submitted";
  ctx.emit("charge.dispute.updated", dp, { previousAttributes: previous });
  // Stripe's test mode decides the outcome from these magic texts.
  if (dp.evidence.uncategorized_text === "winning_evidence") closeDisputeAs(ctx, dp, "won");
  else if (dp.evidence.uncategorized_text === "losing_evidence") closeDisputeAs(ctx, dp, "lost");
}

export function retrieveDispute(ctx: StripeContext): Json {
  return snapshot(getDispute(ctx, ctx.path.id ?? ""));
}

export function listDisputes(ctx: StripeContext): Json {
  // listOf applies Stripe's `created` filter and paging
  const items = newestMatching(ctx.params, ctx.state.disputes.values(), ["charge", "payment_intent"]);
  return listOf("/v1/disputes", items.map(snapshot), ctx.params);
}

export function updateDispute(ctx: StripeContext): Json {
  const dp = getDispute(ctx, ctx.path.id ?? "");
  const p = ctx.params;
  const evidence = optObject(p, "evidence");
  const submit = optBool(p, "submit") ?? false;
  if ((evidence || submit) && !OPEN.includes(dp.status)) {
    throw invalidRequest(`This dispute is ${dp.status}; evidence can only be changed while it needs a response.`, {
      code: "dispute_already_submitted",
    });
  }
  const next = { ...dp.evidence };
  for (const [field, value] of Object.entries(evidence ?? {})) {
    if (!(EVIDENCE_FIELDS as readonly string[]).includes(field))
      throw invalidParam(`evidence[${field}]`, `Received unknown parameter: evidence[${field}]`);
    if (typeof value !== "string") throw invalidParam(`evidence[${field}]`, `Invalid string: evidence[${field}]`);
    if (FILE_FIELDS.includes(field) && value !== "" && !value.startsWith("file_")) {
      throw invalidRequest(`No such file upload: '${value}'`, { code: "resource_missing", param: `evidence[${field}]` });
    }
    next[field] = value === "" ? null : value;
  }
  const total = Object.entries(next).reduce((n, [k, v]) => n + (FILE_FIELDS.includes(k) ? 0 : (v?.length ?? 0)), 0);
  if (total > EVIDENCE_MAX_CHARS) throw invalidParam("evidence", `The combined evidence is over ${EVIDENCE_MAX_CHARS} characters.`);
  const previous: Json = {};
  if (evidence) {
    previous.evidence = snapshot(dp.evidence);
    dp.evidence = next;
    dp.evidence_details.has_evidence = Object.values(next).some((v) => v !== null);
  }
  dp.metadata = applyMetadata(dp.metadata, p);
  if (evidence || p.metadata !== undefined) ctx.emit("charge.dispute.updated", dp, { previousAttributes: previous });
  if (submit) submitEvidence(ctx, dp, "manual");
  return snapshot(dp);
}

export function closeDispute(ctx: StripeContext): Json {
  const dp = getDispute(ctx, ctx.path.id ?? "");
  if (!OPEN.includes(dp.status) && !REVIEW.includes(dp.status)) {
    throw invalidRequest(`Dispute ${dp.id} is already closed (status: ${dp.status}).`);
  }
  return snapshot(closeDisputeAs(ctx, dp, "lost"));
}

/** Time's part: at `due_by` saved evidence is submitted for you; a chargeback with none is lost. */
export function passEvidenceDeadlines(ctx: StripeContext): void {
  for (const dp of ctx.state.disputes.values()) {
    const due = dp.evidence_details.due_by;
    if (!OPEN.includes(dp.status) || due === null || ctx.now < due * 1000) continue;
    dp.evidence_details.past_due = true;
    if (dp.evidence_details.has_evidence) submitEvidence(ctx, dp, "automatic");
    else if (dp.status === "needs_response") closeDisputeAs(ctx, dp, "lost");
  }
}
