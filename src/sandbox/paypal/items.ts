// GET /v1/payments/payouts-item/{id} and POST .../{id}/cancel (UNCLAIMED -> RETURNED only).
import type { PayPalContext } from "./state";
import { PayPalApiError, notFound } from "./errors";
import { itemView } from "./views";

export function getItem(ctx: PayPalContext, itemId: string) {
  const item = ctx.state.items.get(itemId);
  if (!item) throw notFound(`payout item ${itemId}`);
  return itemView(ctx, item, true);
}

export function cancelItem(ctx: PayPalContext, itemId: string) {
  const item = ctx.state.items.get(itemId);
  if (!item) throw notFound(`payout item ${itemId}`);
  if (item.status === "RETURNED") {
    throw new PayPalApiError(400, "ITEM_ALREADY_CANCELLED", "Requested item is already cancelled.");
  }
  if (item.status !== "UNCLAIMED") {
    throw new PayPalApiError(400, "ITEM_INCORRECT_STATUS", "You can only cancel items that are in UNCLAIMED state.");
  }
  item.status = "RETURNED";
  item.processedAtMs = ctx.now;
  const view = itemView(ctx, item, true);
  ctx.emit("PAYMENT.PAYOUTS-ITEM.CANCELED", "payouts_item", view, "Unclaimed payout item canceled");
  return view;
}
