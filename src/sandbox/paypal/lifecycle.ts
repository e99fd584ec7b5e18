// How payouts move on the sandbox clock (evaluated lazily on each request and
// whenever the clock is moved):
//   batch PENDING -> PROCESSING (half the processing delay) -> SUCCESS, or DENIED when
//   every item failed; items PENDING -> SUCCESS | UNCLAIMED | FAILED after the delay,
//   and UNCLAIMED -> RETURNED 30 days later. Each change emits the matching
//   PAYMENT.PAYOUTSBATCH.* / PAYMENT.PAYOUTS-ITEM.* webhook event.
import type { PayPalContext, PayoutItemRecord } from "./state";
import { batchHeaderView, itemView } from "./views";
import { paypalId } from "../shared/ids";
import { bump } from "../shared/counters";

const ITEM_EVENTS: Record<string, string> = {
  SUCCESS: "PAYMENT.PAYOUTS-ITEM.SUCCEEDED",
  UNCLAIMED: "PAYMENT.PAYOUTS-ITEM.UNCLAIMED",
  FAILED: "PAYMENT.PAYOUTS-ITEM.FAILED",
  RETURNED: "PAYMENT.PAYOUTS-ITEM.RETURNED",
};

function settleItem(ctx: PayPalContext, item: PayoutItemRecord, at: number): void {
  item.status = item.planned;
  item.processedAtMs = at;
  if (item.planned === "SUCCESS") {
    item.transactionId = paypalId(17);
    bump(ctx.state.counters.itemsPaidByReceiver, item.receiver);
  } else if (item.planned === "UNCLAIMED") {
    item.transactionId = paypalId(17);
    item.errors = {
      name: "RECEIVER_UNREGISTERED",
      message: "Receiver is unregistered. The payout is unclaimed and will be returned to you after 30 days unless claimed.",
    };
  } else {
    item.errors = {
      name: "RECEIVER_ACCOUNT_LOCKED",
      message: "Receiver's account is locked or inactive. Money returned to your account.",
    };
  }
  const type = ITEM_EVENTS[item.status];
  if (type) ctx.emit(type, "payouts_item", itemView(ctx, item, true), `Payout item ${item.status.toLowerCase()}`);
}

export function advancePayouts(ctx: PayPalContext): void {
  const { processingDelayMs, unclaimedReturnAfterMs } = ctx.config;
  for (const batch of ctx.state.batches.values()) {
    if (batch.status === "PENDING" || batch.status === "PROCESSING") {
      if (batch.status === "PENDING" && ctx.now >= batch.createdAtMs + processingDelayMs / 2) {
        batch.status = "PROCESSING";
        ctx.emit("PAYMENT.PAYOUTSBATCH.PROCESSING", "payouts", { batch_header: batchHeaderView(batch) }, "Payouts batch is processing");
      }
      const settleAt = batch.createdAtMs + processingDelayMs;
      if (ctx.now >= settleAt) {
        const items = batch.itemIds.map((id) => ctx.state.items.get(id)).filter((x): x is PayoutItemRecord => !!x);
        for (const item of items) if (item.status === "PENDING") settleItem(ctx, item, settleAt);
        batch.status = items.every((i) => i.status === "FAILED") ? "DENIED" : "SUCCESS";
        batch.completedAtMs = settleAt;
        ctx.emit(
          `PAYMENT.PAYOUTSBATCH.${batch.status}`,
          "payouts",
          { batch_header: batchHeaderView(batch) },
          `Payouts batch ${batch.status.toLowerCase()}`,
        );
      }
    }
  }
  for (const item of ctx.state.items.values()) {
    if (item.status === "UNCLAIMED" && item.processedAtMs !== null && ctx.now >= item.processedAtMs + unclaimedReturnAfterMs) {
      item.status = "RETURNED";
      item.processedAtMs += unclaimedReturnAfterMs;
      ctx.emit(
        ITEM_EVENTS.RETURNED ?? "PAYMENT.PAYOUTS-ITEM.RETURNED",
        "payouts_item",
        itemView(ctx, item, true),
        "Unclaimed payout item returned",
      );
    }
  }
}
