// PayPal's JSON shapes for batches and items, rendered from the stored records.
import type { BatchRecord, PayPalContext, PayoutItemRecord } from "./state";
import { formatAmount } from "./money";

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function link(href: string, rel: string, method = "GET") {
  return { href, rel, method, encType: "application/json" };
}

export function batchLink(ctx: PayPalContext, batchId: string) {
  return link(`${ctx.baseUrl}/v1/payments/payouts/${batchId}`, "self");
}

export function itemView(ctx: PayPalContext, item: PayoutItemRecord, withSenderBatchId: boolean) {
  const view: Record<string, unknown> = {
    payout_item_id: item.payoutItemId,
    transaction_status: item.status,
    payout_item_fee: { currency: item.amount.currency, value: formatAmount(0n, item.amount.currency) },
    payout_batch_id: item.batchId,
    payout_item: {
      recipient_type: item.recipientType,
      amount: item.amount,
      note: item.note ?? undefined,
      receiver: item.receiver,
      sender_item_id: item.senderItemId ?? undefined,
      recipient_wallet: item.recipientWallet,
    },
    links: [link(`${ctx.baseUrl}/v1/payments/payouts-item/${item.payoutItemId}`, "item")],
  };
  if (withSenderBatchId) view.sender_batch_id = item.senderBatchId;
  if (item.transactionId) view.transaction_id = item.transactionId;
  if (item.processedAtMs !== null) view.time_processed = iso(item.processedAtMs);
  if (item.errors) view.errors = item.errors;
  return view;
}

export function batchHeaderView(batch: BatchRecord) {
  const header: Record<string, unknown> = {
    payout_batch_id: batch.batchId,
    batch_status: batch.status,
    time_created: iso(batch.createdAtMs),
    sender_batch_header: batch.senderBatchHeader,
    funding_source: "BALANCE",
    amount: { currency: batch.currency, value: formatAmount(batch.totalMinor, batch.currency) },
    fees: { currency: batch.currency, value: formatAmount(0n, batch.currency) },
  };
  if (batch.completedAtMs !== null) {
    header.time_completed = iso(batch.completedAtMs);
    header.time_closed = iso(batch.completedAtMs);
  }
  return header;
}

export function batchView(ctx: PayPalContext, batch: BatchRecord, page: number, pageSize: number, totalRequired: boolean) {
  const items = batch.itemIds.map((id) => ctx.state.items.get(id)).filter((x): x is PayoutItemRecord => x !== undefined);
  const start = (page - 1) * pageSize;
  const view: Record<string, unknown> = {
    batch_header: batchHeaderView(batch),
    items: items.slice(start, start + pageSize).map((i) => itemView(ctx, i, false)),
    links: [batchLink(ctx, batch.batchId)],
  };
  if (totalRequired) {
    view.total_items = items.length;
    view.total_pages = Math.max(1, Math.ceil(items.length / pageSize));
  }
  return view;
}
