// Connect: tutors' express accounts, onboarding links, and the transfers that pay them.
import "server-only";
import type Stripe from "stripe";
import { call } from "./errors";
import { toAccountSnapshot, toTransferSnapshot } from "./mappers";
import type { StripeGateway, TransferSnapshot } from "./types";

export type StripeConnect = Pick<
  StripeGateway,
  | "createExpressAccount"
  | "createAccountLink"
  | "retrieveAccount"
  | "createTransfer"
  | "retrieveTransfer"
  | "listTransfersByGroup"
  | "reverseTransfer"
>;

export function stripeConnect(stripe: Stripe): StripeConnect {
  return {
    createExpressAccount: (input) =>
      call(async () => {
        const a = await stripe.accounts.create(
          {
            type: "express",
            country: input.country ?? "US",
            email: input.email,
            capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
            metadata: input.metadata,
          },
          input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : undefined,
        );
        return { accountId: a.id };
      }),

    createAccountLink: (input) =>
      call(async () => {
        const link = await stripe.accountLinks.create({
          account: input.accountId,
          refresh_url: input.refreshUrl,
          return_url: input.returnUrl,
          type: "account_onboarding",
        });
        return { url: link.url, expiresAt: new Date(link.expires_at * 1000) };
      }),

    retrieveAccount: (accountId) => call(async () => toAccountSnapshot(await stripe.accounts.retrieve(accountId))),

    createTransfer: (input) =>
      call(async () =>
        toTransferSnapshot(
          await stripe.transfers.create(
            {
              amount: input.amount,
              currency: input.currency.toLowerCase(),
              destination: input.destination,
              transfer_group: input.transferGroup,
              source_transaction: input.sourceTransaction,
              metadata: input.metadata,
            },
            { idempotencyKey: input.idempotencyKey },
          ),
        ),
      ),

    retrieveTransfer: (transferId) => call(async () => withAllReversals(stripe, await stripe.transfers.retrieve(transferId))),

    listTransfersByGroup: (transferGroup) =>
      call(async () => {
        const out: TransferSnapshot[] = [];
        for await (const t of stripe.transfers.list({ transfer_group: transferGroup, limit: 100 })) out.push(toTransferSnapshot(t));
        return out;
      }),

    reverseTransfer: (input) =>
      call(async () => {
        await stripe.transfers.createReversal(
          input.transferId,
          { amount: input.amount, ...(input.metadata ? { metadata: input.metadata } : {}) },
          { idempotencyKey: input.idempotencyKey },
        );
        return withAllReversals(stripe, await stripe.transfers.retrieve(input.transferId));
      }),
  };
}

/** A transfer embeds only its first reversals (Stripe: 10); more are listed page by page, so every one is counted. */
async function withAllReversals(stripe: Stripe, t: Stripe.Transfer): Promise<TransferSnapshot> {
  const snap = toTransferSnapshot(t);
  if (!t.reversals?.has_more) return snap;
  const reversals: TransferSnapshot["reversals"] = [];
  for await (const r of stripe.transfers.listReversals(t.id, { limit: 100 })) {
    reversals.push({ reversalId: r.id, amount: r.amount, metadata: { ...(r.metadata ?? {}) } });
  }
  return { ...snap, reversals };
}
