// Stripe's list APIs, one page per call, for reconciliation: PaymentIntents (with their latest charge, so refunds come
// in the same call), transfers (with their reversals) and disputes. Walking a whole book is then one call per 100
// objects, never one retrieve per row. Pages are newest first; `startingAfter` is the last id of the previous page.
import "server-only";
import type Stripe from "stripe";
import { isProviderError } from "../errors";
import { call } from "./errors";
import { type DisputeSnapshot, toDisputeSnapshot } from "./disputes";
import { toPaymentIntentSnapshot, toTransferSnapshot } from "./mappers";
import type { PaymentIntentSnapshot, TransferSnapshot } from "./types";

/** Stripe's largest page. */
export const LIST_PAGE_SIZE = 100;

export interface ListPageInput {
  /** only objects created at or after this instant */
  createdGte?: Date;
  /** the last id of the previous page */
  startingAfter?: string | null;
  /** 1..100 (default 100) */
  limit?: number;
}

export interface ListPage<T> {
  data: T[];
  hasMore: boolean;
  /** the cursor for the next page (the last object's id), null on an empty page */
  lastId: string | null;
}

/** A dispute as the list API shows it: the whole object, read by the same mapper as a retrieve. */
export type ListedDispute = DisputeSnapshot;

export interface StripeListing {
  listPaymentIntents(input: ListPageInput): Promise<ListPage<PaymentIntentSnapshot & { created: Date }>>;
  listTransfers(input: ListPageInput): Promise<ListPage<TransferSnapshot & { created: Date }>>;
  /** An account (or a sandbox) without the Disputes API answers an empty page. */
  listDisputes(input: ListPageInput): Promise<ListPage<ListedDispute>>;
}

function params(input: ListPageInput) {
  return {
    limit: input.limit ?? LIST_PAGE_SIZE,
    ...(input.startingAfter ? { starting_after: input.startingAfter } : {}),
    ...(input.createdGte ? { created: { gte: Math.floor(input.createdGte.getTime() / 1000) } } : {}),
  };
}

function page<S extends { id: string }, T>(list: Stripe.ApiList<S>, map: (s: S) => T): ListPage<T> {
  return { data: list.data.map(map), hasMore: list.has_more, lastId: list.data.at(-1)?.id ?? null };
}

const createdOf = (o: { created: number }) => new Date(o.created * 1000);

export function stripeListing(stripe: Stripe): StripeListing {
  return {
    listPaymentIntents: (input) =>
      call(async () =>
        page(await stripe.paymentIntents.list({ ...params(input), expand: ["data.latest_charge"] }), (pi) => ({
          ...toPaymentIntentSnapshot(pi),
          created: createdOf(pi),
        })),
      ),
    listTransfers: (input) =>
      call(async () => page(await stripe.transfers.list(params(input)), (t) => ({ ...toTransferSnapshot(t), created: createdOf(t) }))),
    listDisputes: async (input) => {
      try {
        return await call(async () => page(await stripe.disputes.list(params(input)), toDisputeSnapshot));
      } catch (err) {
        const f = isProviderError(err) ? err.failure : null;
        if (f?.kind === "invalid_request" && f.statusCode === 404) return { data: [], hasMore: false, lastId: null };
        throw err;
      }
    },
  };
}
