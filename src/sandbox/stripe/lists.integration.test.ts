// The list endpoints reconciliation walks (Stripe's pagination: limit ≤ 100, starting_after, has_more, created[...])
// and the control plane's object tampering, through stripe-node and our gateway.
import { describe, expect, it } from "vitest";
import type Stripe from "stripe";
import type { RunningStripeSandbox } from "../start";
import { DAY_MS } from "../clock";
import type { StripeGateway } from "~/server/providers/stripe";
import { authorizedHold, rejectionOf, setupStripeSandbox } from "~/test/sandbox-suite";

let sb: RunningStripeSandbox;
let stripe: Stripe;
let gw: StripeGateway;
setupStripeSandbox({ timeoutMs: 2_000 }, (s) => ({ sb, stripe, gw } = s));

let seq = 0;
async function holds(n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    seq++;
    const h = await authorizedHold(gw, { idempotencyKey: `auth-${seq}`, metadata: { lessonId: `les_${seq}`, paymentId: `pay_${seq}` } });
    ids.push(h.paymentIntentId);
  }
  return ids;
}

describe("Stripe list endpoints", () => {
  it("pages PaymentIntents newest first with limit, starting_after and has_more, and one request per page", async () => {
    const ids = await holds(7);
    const before = (await sb.control.counters()).requests["GET /v1/payment_intents"] ?? 0;
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const p = await gw.listPaymentIntents({ limit: 3, startingAfter: cursor });
      pages++;
      seen.push(...p.data.map((pi) => pi.paymentIntentId));
      cursor = p.lastId;
      if (!p.hasMore) break;
    }
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBe(3);
    expect((await sb.control.counters()).requests["GET /v1/payment_intents"]).toBe(before + 3);
  });

  it("carries the latest charge in the page (capture_before, refunds) so no retrieve per object is needed", async () => {
    const [id] = await holds(1);
    await gw.capture({ paymentIntentId: id!, amountToCapture: 1000, idempotencyKey: "cap-1" });
    await gw.refund({ paymentIntentId: id!, amount: 300, idempotencyKey: "ref-1" });
    const { data } = await gw.listPaymentIntents({});
    expect(data[0]).toMatchObject({ paymentIntentId: id, status: "succeeded", amountReceived: 1000, amountRefunded: 300 });
  });

  it("filters by created[gte] / created[lt] (unix seconds) and refuses a bad bound or a limit over 100", async () => {
    const [old] = await holds(1);
    await sb.control.advanceClock(2 * DAY_MS);
    const since = new Date((await sb.control.clock()).now);
    const recent = await holds(2);
    expect((await gw.listPaymentIntents({ createdGte: since })).data.map((p) => p.paymentIntentId)).toEqual([...recent].reverse());
    const older = await stripe.paymentIntents.list({ created: { lt: Math.floor(since.getTime() / 1000) } });
    expect(older.data.map((p) => p.id)).toEqual([old]);
    const bad = await rejectionOf<Stripe.errors.StripeError>(stripe.paymentIntents.list({ created: { gte: "soon" as unknown as number } }));
    expect(bad.code).toBe("parameter_invalid_integer");
    const big = await rejectionOf<Stripe.errors.StripeError>(stripe.paymentIntents.list({ limit: 101 }));
    expect(big.param).toBe("limit");
  });

  it("lists charges, refunds and transfers with the same paging, and a transfer's reversals", async () => {
    const [id] = await holds(1);
    const cap = await gw.capture({ paymentIntentId: id!, amountToCapture: 1000, idempotencyKey: "cap-2" });
    await gw.refund({ paymentIntentId: id!, amount: 100, idempotencyKey: "ref-2" });
    const { accountId } = await gw.createExpressAccount({ email: "t@example.com" });
    const t = await gw.createTransfer({
      amount: 800,
      currency: "usd",
      destination: accountId,
      transferGroup: "payout_x",
      sourceTransaction: cap.chargeId!,
      idempotencyKey: "tr-1",
    });
    await gw.reverseTransfer({ transferId: t.transferId, amount: 1, idempotencyKey: "rev-1" });
    await gw.reverseTransfer({ transferId: t.transferId, amount: 399, idempotencyKey: "rev-2" });
    expect((await stripe.charges.list({ limit: 100 })).data.map((c) => c.payment_intent)).toEqual([id]);
    expect((await stripe.refunds.list({ limit: 100 })).data.map((r) => r.amount)).toEqual([100]);
    const transfers = await gw.listTransfers({});
    expect(transfers.data).toMatchObject([{ transferId: t.transferId, amount: 800, amountReversed: 400, reversed: false }]);
    const reversals = await stripe.transfers.listReversals(t.transferId, { limit: 1 });
    expect(reversals.data.map((r) => r.amount)).toEqual([399]);
    expect(reversals.has_more).toBe(true);
  });

  it("answers an empty dispute page when the Disputes API is not there", async () => {
    const page = await gw.listDisputes({});
    expect(page.hasMore).toBe(false);
    expect(Array.isArray(page.data)).toBe(true);
  });
});

describe("control plane: objects changed or forgotten behind the app's back", () => {
  it("sets a stored field of the same type, and refuses unknown fields or a different type", async () => {
    const [id] = await holds(1);
    await sb.control.tamperObject("payment_intents", id!, { amount: 700, application_fee_amount: 5 });
    expect(await gw.retrievePaymentIntent(id!)).toMatchObject({ amount: 700, applicationFeeAmount: 5 });
    await expect(sb.control.tamperObject("payment_intents", id!, { nonsense: 1 })).rejects.toThrow(/no settable field nonsense/);
    await expect(sb.control.tamperObject("payment_intents", id!, { amount: "7" })).rejects.toThrow(/must be a number/);
    await expect(sb.control.tamperObject("payment_intents", "pi_missing", { amount: 1 })).rejects.toThrow(/404|no payment_intents/);
  });

  it("forgets a PaymentIntent with its charges: the API then answers resource_missing", async () => {
    const [id] = await holds(1);
    await sb.control.deleteObject("payment_intents", id!);
    const err = await rejectionOf<Stripe.errors.StripeError>(stripe.paymentIntents.retrieve(id!));
    expect(err.code).toBe("resource_missing");
    expect((await stripe.charges.list({ payment_intent: id })).data).toEqual([]);
  });
});
