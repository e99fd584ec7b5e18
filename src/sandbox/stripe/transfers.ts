// Connect transfers (separate charges and transfers) and transfer reversals.
//
// Simplification: the platform balance is not modelled, so a transfer without
// `source_transaction` never fails with `balance_insufficient` here, whereas real
// Stripe needs enough *available* balance for it. With `source_transaction` the
// sandbox checks what Stripe checks: a captured charge with enough unrefunded,
// untransferred money in the same currency.
import type { Json, StripeContext, TransferObj } from "./state";
import { seconds, snapshot } from "./state";
import { applyMetadata, listOf, newestMatching, optInt, optString, reqInt, reqString } from "./params";
import { invalidParam, invalidRequest, resourceMissing } from "./errors";
import { getCharge, refundableAmount } from "./charges";
import { stripeId } from "../shared/ids";
import { bump } from "../shared/counters";

export function createTransferRecord(
  ctx: StripeContext,
  t: {
    amount: number;
    currency: string;
    destination: string;
    transferGroup: string | null;
    sourceTransaction: string | null;
    metadata: Record<string, string>;
    description?: string | null;
  },
): TransferObj {
  const id = stripeId("tr");
  const transfer: TransferObj = {
    id,
    object: "transfer",
    amount: t.amount,
    amount_reversed: 0,
    balance_transaction: null,
    created: seconds(ctx.now),
    currency: t.currency,
    description: t.description ?? null,
    destination: t.destination,
    destination_payment: stripeId("py"),
    livemode: false,
    metadata: t.metadata,
    reversals: { object: "list", data: [], has_more: false, total_count: 0, url: `/v1/transfers/${id}/reversals` },
    reversed: false,
    source_transaction: t.sourceTransaction,
    source_type: "card",
    transfer_group: t.transferGroup,
  };
  ctx.state.transfers.set(id, transfer);
  if (t.transferGroup) bump(ctx.state.counters.transfersByGroup, t.transferGroup);
  if (ctx.idempotencyKey) bump(ctx.state.counters.transfersByIdempotencyKey, ctx.idempotencyKey);
  ctx.emit("transfer.created", transfer);
  return transfer;
}

/** Money from a charge already sent onward by transfers that name it as source_transaction. */
function transferredFrom(ctx: StripeContext, chargeId: string): number {
  let sum = 0;
  for (const t of ctx.state.transfers.values()) if (t.source_transaction === chargeId) sum += t.amount - t.amount_reversed;
  return sum;
}

export function createTransfer(ctx: StripeContext) {
  const p = ctx.params;
  const amount = reqInt(p, "amount");
  if (amount <= 0) throw invalidParam("amount", "This value must be greater than or equal to 1.", "parameter_invalid_integer");
  const currency = reqString(p, "currency").toLowerCase();
  const destination = reqString(p, "destination");
  const account = ctx.state.accounts.get(destination);
  if (!account) throw invalidRequest(`No such destination: '${destination}'`, { code: "resource_missing", param: "destination" });
  if (ctx.config.strictConnectCapabilities && account.capabilities.transfers !== "active") {
    throw invalidRequest(
      "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
      { code: "insufficient_capabilities_for_transfer", param: "destination" },
    );
  }
  const sourceTransaction = optString(p, "source_transaction") ?? null;
  if (sourceTransaction) {
    const charge = getCharge(ctx, sourceTransaction, "source_transaction");
    if (!charge.captured || charge.status !== "succeeded") {
      throw invalidRequest(`The source_transaction '${sourceTransaction}' must be a captured charge.`, { param: "source_transaction" });
    }
    if (charge.currency !== currency) {
      throw invalidRequest(
        `The currency of source_transaction's balance transaction (${charge.currency}) must be the same as the transfer currency (${currency}).`,
        {
          param: "currency",
        },
      );
    }
    const available = refundableAmount(charge) - transferredFrom(ctx, charge.id);
    if (amount > available) {
      throw invalidRequest(
        `Insufficient funds in source_transaction: the transfer amount (${amount}) exceeds what is left of the charge (${available}).`,
        { code: "insufficient_funds", param: "amount" },
      );
    }
  }
  const transfer = createTransferRecord(ctx, {
    amount,
    currency,
    destination,
    transferGroup: optString(p, "transfer_group") ?? null,
    sourceTransaction,
    metadata: applyMetadata({}, p),
    description: optString(p, "description") ?? null,
  });
  return snapshot(transfer);
}

export function getTransfer(ctx: StripeContext, id: string): TransferObj {
  const t = ctx.state.transfers.get(id);
  if (!t) throw resourceMissing("transfer", id);
  return t;
}

export function retrieveTransfer(ctx: StripeContext) {
  return snapshot(getTransfer(ctx, ctx.path.id ?? ""));
}

export function listTransfers(ctx: StripeContext) {
  const items = newestMatching(ctx.params, ctx.state.transfers.values(), ["transfer_group", "destination"]);
  return listOf("/v1/transfers", items, ctx.params, snapshot);
}

/** Reverses part or all of a transfer; also used by refunds with reverse_transfer. */
export function reverseTransferRecord(ctx: StripeContext, transfer: TransferObj, amount: number, metadata: Record<string, string>): Json {
  const remaining = transfer.amount - transfer.amount_reversed;
  if (remaining <= 0)
    throw invalidRequest(`Transfer ${transfer.id} has already been fully reversed.`, { code: "transfer_already_reversed" });
  if (amount <= 0 || amount > remaining) {
    throw invalidRequest(`Transfer reversal amount (${amount}) must be between 1 and the amount not yet reversed (${remaining}).`, {
      code: "amount_too_large",
      param: "amount",
    });
  }
  const reversal: Json = {
    id: stripeId("trr"),
    object: "transfer_reversal",
    amount,
    balance_transaction: null,
    created: seconds(ctx.now),
    currency: transfer.currency,
    destination_payment_refund: stripeId("pyr"),
    metadata,
    source_refund: null,
    transfer: transfer.id,
  };
  transfer.amount_reversed += amount;
  transfer.reversed = transfer.amount_reversed === transfer.amount;
  transfer.reversals.data.unshift(reversal);
  transfer.reversals.total_count += 1;
  ctx.emit("transfer.reversed", transfer);
  return reversal;
}

export function listReversals(ctx: StripeContext) {
  const transfer = getTransfer(ctx, ctx.path.id ?? "");
  return listOf(transfer.reversals.url, transfer.reversals.data.map(snapshot) as Array<Json & { id: string }>, ctx.params);
}

export function createReversal(ctx: StripeContext) {
  const transfer = getTransfer(ctx, ctx.path.id ?? "");
  const amount = optInt(ctx.params, "amount") ?? transfer.amount - transfer.amount_reversed;
  return snapshot(reverseTransferRecord(ctx, transfer, amount, applyMetadata({}, ctx.params)));
}
