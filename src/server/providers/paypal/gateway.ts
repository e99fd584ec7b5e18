// The gateway: create-or-get batches, read batches and items, cancel unclaimed items; and the environment's one.
import "server-only";
import { env } from "~/env";
import type { PayPalClient } from "./client";
import { createPayPalClient, type PayPalClientConfig } from "./client";
import { call, toPayPalProviderError } from "./errors";
import { minorToPayPalValue, payPalValueToMinor } from "./money";
import { paypal } from "./sdk";
import type { PayPalGateway, PayoutItemSnapshot } from "./types";

type RawItem = {
  payout_item_id: string;
  payout_batch_id: string;
  sender_batch_id?: string;
  transaction_status?: string;
  transaction_id?: string;
  time_processed?: string;
  payout_item: { receiver: string; amount: { currency: string; value: string }; sender_item_id?: string };
  errors?: { name?: string } | null;
};

function toItemSnapshot(raw: RawItem, senderBatchId: string | null): PayoutItemSnapshot {
  const currency = raw.payout_item.amount.currency;
  return {
    itemId: raw.payout_item_id,
    batchId: raw.payout_batch_id,
    senderBatchId: raw.sender_batch_id ?? senderBatchId,
    senderItemId: raw.payout_item.sender_item_id ?? null,
    transactionStatus: raw.transaction_status ?? "PENDING",
    transactionId: raw.transaction_id ?? null,
    receiver: raw.payout_item.receiver,
    amount: payPalValueToMinor(raw.payout_item.amount.value, currency),
    currency,
    errorName: raw.errors?.name ?? null,
    timeProcessed: raw.time_processed ? new Date(raw.time_processed) : null,
  };
}

export function createPayPalGateway(client: PayPalClient, mode: PayPalGateway["mode"] = "local-sandbox"): PayPalGateway {
  const getBatch = (batchId: string) =>
    call(async () => {
      const res = await client.execute(new paypal.payouts.PayoutsGetRequest(batchId));
      const r = res.result;
      const header = r?.batch_header;
      if (!header) throw new Error(`PayPal returned no batch_header for ${batchId}`);
      const senderBatchId = header.sender_batch_header?.sender_batch_id ?? null;
      return {
        batchId: header.payout_batch_id,
        batchStatus: header.batch_status,
        senderBatchId,
        timeCreated: header.time_created ? new Date(header.time_created) : null,
        timeCompleted: header.time_completed ? new Date(header.time_completed) : null,
        items: (r.items ?? []).map((i) => toItemSnapshot(i as unknown as RawItem, senderBatchId)),
      };
    });

  return {
    mode,

    createBatchPayout: async (input) => {
      if (input.items.length === 0) throw new Error("a payout batch needs at least one item");
      const request = new paypal.payouts.PayoutsPostRequest();
      request.payPalRequestId(input.requestId ?? input.senderBatchId);
      request.requestBody({
        sender_batch_header: {
          sender_batch_id: input.senderBatchId,
          recipient_type: "EMAIL",
          email_subject: input.emailSubject ?? "You have a payout",
        },
        items: input.items.map((i) => ({
          recipient_type: "EMAIL",
          receiver: i.receiverEmail,
          amount: { currency: i.currency.toUpperCase(), value: minorToPayPalValue(i.amount, i.currency) },
          sender_item_id: i.senderItemId,
          note: i.note,
        })),
      });
      try {
        const res = await client.execute(request);
        const header = res.result?.batch_header;
        if (!header) throw new Error("PayPal returned no batch_header");
        return {
          batchId: header.payout_batch_id,
          batchStatus: header.batch_status,
          senderBatchId: header.sender_batch_header.sender_batch_id ?? input.senderBatchId,
          alreadyExisted: false,
        };
      } catch (err) {
        const mapped = toPayPalProviderError(err);
        const f = mapped.failure;
        if (f.kind === "invalid_state" && f.code === "duplicate_sender_batch_id" && f.existingBatchId) {
          const existing = await getBatch(f.existingBatchId);
          return { batchId: existing.batchId, batchStatus: existing.batchStatus, senderBatchId: input.senderBatchId, alreadyExisted: true };
        }
        throw mapped;
      }
    },

    getBatch,

    getItem: (itemId) =>
      call(async () => {
        const res = await client.execute(new paypal.payouts.PayoutsItemGetRequest(itemId));
        if (!res.result) throw new Error(`PayPal returned no item for ${itemId}`);
        return toItemSnapshot(res.result as unknown as RawItem, null);
      }),

    verifyWebhookSignature: (input) =>
      call(async () => {
        // The payouts SDK has no request class for this endpoint; paypalhttp takes any {path, verb, body, headers}.
        const res = await client.execute({
          path: "/v1/notifications/verify-webhook-signature",
          verb: "POST",
          headers: { "Content-Type": "application/json" },
          body: {
            auth_algo: input.authAlgo,
            cert_url: input.certUrl,
            transmission_id: input.transmissionId,
            transmission_sig: input.transmissionSig,
            transmission_time: input.transmissionTime,
            webhook_id: input.webhookId,
            webhook_event: input.event,
          },
        } as never);
        return (res.result as { verification_status?: string } | undefined)?.verification_status === "SUCCESS";
      }),

    cancelUnclaimedItem: (itemId) =>
      call(async () => {
        const res = await client.execute(new paypal.payouts.PayoutsItemCancelRequest(itemId));
        if (!res.result) throw new Error(`PayPal returned no item for ${itemId}`);
        return toItemSnapshot(res.result as unknown as RawItem, null);
      }),
  };
}

/** How to reach PayPal: credentials (PAYPAL_MODE's host), or the local sandbox's URL. */
export type PayPalConnection = PayPalClientConfig;

/** A gateway for this connection, labelled with the mode its credentials imply. */
export function connectPayPal(connection: PayPalConnection): PayPalGateway {
  const real = Boolean(connection.clientId && connection.clientSecret);
  return createPayPalGateway(createPayPalClient(connection), real ? (connection.mode ?? "sandbox") : "local-sandbox");
}

/** The environment's connection: PAYPAL_CLIENT_ID/SECRET (PAYPAL_MODE), or the sandbox on PAYPAL_SANDBOX_PORT. */
export function paypalConnectionFromEnv(
  e: Pick<ReturnType<typeof env>, "PAYPAL_CLIENT_ID" | "PAYPAL_CLIENT_SECRET" | "PAYPAL_MODE" | "PAYPAL_SANDBOX_PORT">,
): PayPalConnection {
  return {
    clientId: e.PAYPAL_CLIENT_ID,
    clientSecret: e.PAYPAL_CLIENT_SECRET,
    mode: e.PAYPAL_MODE,
    sandboxUrl: `http://127.0.0.1:${e.PAYPAL_SANDBOX_PORT}`,
  };
}

let cached: PayPalGateway | undefined;

/** Local sandbox on PAYPAL_SANDBOX_PORT without credentials; PayPal (PAYPAL_MODE) with them. */
export function paypalFromEnv(): PayPalGateway {
  cached ??= connectPayPal(paypalConnectionFromEnv(env()));
  return cached;
}
