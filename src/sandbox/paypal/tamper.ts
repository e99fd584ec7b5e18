// Changing or forgetting stored payouts behind the app's back, for reconciliation tests: an item whose status or amount
// differs from ours (a return or hold PayPal decided on), a batch PayPal no longer knows. Reached through the control
// plane (`/_sandbox/objects/<type>/<id>`), never the API.
import { ControlError } from "../shared/control-plane";
import type { PayPalState, TransactionStatus } from "./state";

const STATUSES: readonly TransactionStatus[] = [
  "PENDING",
  "SUCCESS",
  "FAILED",
  "UNCLAIMED",
  "RETURNED",
  "ONHOLD",
  "BLOCKED",
  "REFUNDED",
  "REVERSED",
];

export function tamperPayPalObject(state: PayPalState, verb: "POST" | "DELETE", type: string, id: string, body: Record<string, unknown>) {
  if (type === "payouts" && verb === "DELETE") {
    const batch = state.batches.get(id);
    if (!batch) throw new ControlError(404, `no payout batch ${id} in the sandbox`);
    for (const itemId of batch.itemIds) state.items.delete(itemId);
    state.batches.delete(id);
    return { deleted: true, id };
  }
  if (type !== "payouts-item" || verb !== "POST")
    throw new ControlError(400, "supported: DELETE objects/payouts/<batch id>, POST objects/payouts-item/<item id>");
  const item = state.items.get(id);
  if (!item) throw new ControlError(404, `no payout item ${id} in the sandbox`);
  const set = (body.set ?? {}) as { transaction_status?: unknown; value?: unknown };
  if (set.transaction_status !== undefined) {
    if (!STATUSES.includes(set.transaction_status as TransactionStatus))
      throw new ControlError(400, `transaction_status must be one of ${STATUSES.join(", ")}`);
    item.status = set.transaction_status as TransactionStatus;
  }
  if (set.value !== undefined) {
    if (typeof set.value !== "string" || !/^\d+(\.\d+)?$/.test(set.value))
      throw new ControlError(400, 'value must be a decimal string, e.g. "12.50"');
    item.amount = { ...item.amount, value: set.value };
  }
  return { payout_item_id: item.payoutItemId, transaction_status: item.status, amount: item.amount };
}
