// POST /v1/payments/payouts and GET /v1/payments/payouts/{batch_id}.
import type { BatchRecord, PayPalContext, PayoutItemRecord, PlannedOutcome } from "./state";
import { PayPalApiError, notFound, validationError, type PayPalErrorDetail } from "./errors";
import { parseAmount } from "./money";
import { batchLink, batchView } from "./views";
import { paypalId } from "../shared/ids";
import { bump } from "../shared/counters";

const MAX_ITEMS = 15_000;

/** Sandbox convention for item outcomes, chosen by the receiver's address. */
export function plannedOutcome(receiver: string): PlannedOutcome {
  const r = receiver.toLowerCase();
  if (r.endsWith("@unclaimed.test")) return "UNCLAIMED";
  if (r.endsWith("@fail.test")) return "FAILED";
  return "SUCCESS";
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function createPayout(ctx: PayPalContext, body: unknown): { status: number; body: unknown } {
  if (!isObject(body)) throw validationError([{ field: "body", location: "body", issue: "MALFORMED_REQUEST_JSON" }]);
  const header = body.sender_batch_header;
  const items = body.items;
  const details: PayPalErrorDetail[] = [];
  if (!isObject(header)) details.push({ field: "sender_batch_header", location: "body", issue: "MISSING_REQUIRED_PARAMETER" });
  if (!Array.isArray(items) || items.length === 0) details.push({ field: "items", location: "body", issue: "MISSING_REQUIRED_PARAMETER" });
  else if (items.length > MAX_ITEMS) details.push({ field: "items", location: "body", issue: "ITEMS_EXCEEDED_MAX_LIMIT" });
  if (details.length > 0 || !isObject(header) || !Array.isArray(items)) throw validationError(details);

  const senderBatchId =
    typeof header.sender_batch_id === "string" && header.sender_batch_id ? header.sender_batch_id : `sandbox-${paypalId(10)}`;
  const defaultRecipientType = typeof header.recipient_type === "string" ? header.recipient_type : "EMAIL";

  // "If you specify a sender_batch_id that was used in the last 30 days, the API
  // rejects the request ... and includes a HATEOAS link to the original payout."
  const existingId = ctx.state.senderBatchIds.get(senderBatchId);
  const existing = existingId ? ctx.state.batches.get(existingId) : undefined;
  if (existing && ctx.now - existing.createdAtMs < ctx.config.senderBatchIdWindowMs) {
    ctx.state.counters.duplicateSenderBatchRejections++;
    throw new PayPalApiError(400, "USER_BUSINESS_ERROR", "User business error.", [
      {
        field: "SENDER_BATCH_ID",
        location: "body",
        issue: "Batch with given sender_batch_id already exists",
        link: [batchLink(ctx, existing.batchId)],
      },
    ]);
  }

  const batchId = paypalId(13);
  const records: PayoutItemRecord[] = [];
  let currency = "";
  let total = 0n;
  items.forEach((raw: unknown, i: number) => {
    const at = (f: string) => `items[${i}].${f}`;
    if (!isObject(raw)) {
      details.push({ field: `items[${i}]`, location: "body", issue: "INVALID_PARAMETER_SYNTAX" });
      return;
    }
    const amount = raw.amount;
    const receiver = typeof raw.receiver === "string" ? raw.receiver.trim() : "";
    const recipientType = typeof raw.recipient_type === "string" ? raw.recipient_type : defaultRecipientType;
    if (!receiver) details.push({ field: at("receiver"), location: "body", issue: "MISSING_REQUIRED_PARAMETER" });
    else if (recipientType === "EMAIL" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(receiver)) {
      details.push({ field: at("receiver"), location: "body", issue: "INVALID_EMAIL_ADDRESS" });
    }
    if (!isObject(amount) || typeof amount.value !== "string" || typeof amount.currency !== "string") {
      details.push({ field: at("amount"), location: "body", issue: "MISSING_REQUIRED_PARAMETER" });
      return;
    }
    const cur = amount.currency.toUpperCase();
    const minor = /^[A-Z]{3}$/.test(cur) ? parseAmount(amount.value, cur) : null;
    if (minor === null || minor <= 0n) {
      details.push({ field: at("amount.value"), value: amount.value, location: "body", issue: "INVALID_PARAMETER_SYNTAX" });
      return;
    }
    if (currency && cur !== currency) {
      details.push({ field: at("amount.currency"), location: "body", issue: "MULTIPLE_CURRENCIES_NOT_SUPPORTED" });
      return;
    }
    currency = cur;
    total += minor;
    records.push({
      payoutItemId: paypalId(13),
      batchId,
      senderBatchId,
      recipientType,
      recipientWallet: typeof raw.recipient_wallet === "string" ? raw.recipient_wallet : "PAYPAL",
      receiver,
      amount: { currency: cur, value: amount.value },
      note: typeof raw.note === "string" ? raw.note : null,
      senderItemId: typeof raw.sender_item_id === "string" ? raw.sender_item_id : null,
      status: "PENDING",
      planned: plannedOutcome(receiver),
      transactionId: null,
      processedAtMs: null,
      errors: null,
    });
  });
  if (details.length > 0) throw validationError(details);

  const senderBatchHeader: BatchRecord["senderBatchHeader"] = { sender_batch_id: senderBatchId };
  for (const k of ["email_subject", "email_message", "recipient_type"] as const) {
    if (typeof header[k] === "string") senderBatchHeader[k] = header[k];
  }
  const batch: BatchRecord = {
    batchId,
    senderBatchHeader,
    createdAtMs: ctx.now,
    completedAtMs: null,
    status: "PENDING",
    itemIds: records.map((r) => r.payoutItemId),
    currency,
    totalMinor: total,
  };
  ctx.state.batches.set(batchId, batch);
  for (const r of records) ctx.state.items.set(r.payoutItemId, r);
  ctx.state.senderBatchIds.set(senderBatchId, batchId);
  bump(ctx.state.counters.batchesBySenderBatchId, senderBatchId);
  return {
    status: 201,
    body: {
      batch_header: { payout_batch_id: batchId, batch_status: batch.status, sender_batch_header: senderBatchHeader },
      links: [batchLink(ctx, batchId)],
    },
  };
}

export function getPayout(ctx: PayPalContext, batchId: string, query: URLSearchParams) {
  const batch = ctx.state.batches.get(batchId);
  if (!batch) throw notFound(`payout batch ${batchId}`);
  const page = Math.max(1, Number(query.get("page") ?? "1") || 1);
  const pageSize = Math.min(1000, Math.max(1, Number(query.get("page_size") ?? "1000") || 1000));
  return batchView(ctx, batch, page, pageSize, query.get("total_required") === "true");
}
