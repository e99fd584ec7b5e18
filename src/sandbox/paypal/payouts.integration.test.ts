// The PayPal Payouts sandbox through @paypal/payouts-sdk (raw and via the gateway).
import { beforeEach, describe, expect, it } from "vitest";
import * as paypalNs from "@paypal/payouts-sdk";
import type { RunningPayPalSandbox } from "../start";
import type { WebhookReceiver } from "../webhook-receiver";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../clock";
import { createPayPalGateway, type PayPalClient, type PayPalGateway } from "~/server/providers/paypal";
import { rejectionOf as rejection, setupPayPalSandbox } from "~/test/sandbox-suite";

const paypal: typeof paypalNs = (paypalNs as unknown as { default?: typeof paypalNs }).default ?? paypalNs;

let sb: RunningPayPalSandbox;
let receiver: WebhookReceiver;
let client: PayPalClient;
let gw: PayPalGateway;
setupPayPalSandbox(
  { timeoutMs: 1_000, receiver: true, sandbox: { webhook: { baseDelayMs: 20 } } },
  (s) => ({ sb, client, gw, receiver } = s),
);
beforeEach(async () => {
  await sb.control.configureWebhooks({ url: null });
});

let seq = 0;
function payout(receiverEmail = "tutor@example.com", amount = 1250, senderBatchId = `payout_${++seq}`) {
  return { senderBatchId, items: [{ receiverEmail, amount, currency: "USD", senderItemId: `${senderBatchId}-item` }] };
}

describe("payout lifecycle", () => {
  it("creates a PENDING batch that moves to PROCESSING then SUCCESS on the sandbox clock", async () => {
    const created = await gw.createBatchPayout(payout("tutor@example.com", 1250));
    expect(created).toMatchObject({ batchStatus: "PENDING", alreadyExisted: false });
    let batch = await gw.getBatch(created.batchId);
    expect(batch.items).toHaveLength(1);
    expect(batch.items[0]).toMatchObject({ transactionStatus: "PENDING", amount: 1250, currency: "USD", receiver: "tutor@example.com" });

    await sb.control.advanceClock(40_000);
    expect((await gw.getBatch(created.batchId)).batchStatus).toBe("PROCESSING");
    await sb.control.advanceClock(30_000);
    batch = await gw.getBatch(created.batchId);
    expect(batch.batchStatus).toBe("SUCCESS");
    expect(batch.timeCompleted).toBeInstanceOf(Date);
    const item = await gw.getItem(batch.items[0]?.itemId ?? "");
    expect(item).toMatchObject({
      transactionStatus: "SUCCESS",
      senderBatchId: created.senderBatchId,
      senderItemId: `${created.senderBatchId}-item`,
    });
    expect(item.transactionId).toBeTruthy();
    const counters = await sb.control.counters();
    expect(counters.itemsPaidByReceiver["tutor@example.com"]).toBe(1);
    expect(counters.batchesBySenderBatchId[created.senderBatchId]).toBe(1);
  });

  it("leaves @unclaimed.test receivers UNCLAIMED and returns them after 30 days", async () => {
    const created = await gw.createBatchPayout(payout("new-tutor@unclaimed.test"));
    await sb.control.advanceClock(2 * MINUTE_MS);
    const batch = await gw.getBatch(created.batchId);
    expect(batch.batchStatus).toBe("SUCCESS");
    const itemId = batch.items[0]?.itemId ?? "";
    expect(await gw.getItem(itemId)).toMatchObject({ transactionStatus: "UNCLAIMED", errorName: "RECEIVER_UNREGISTERED" });
    await sb.control.advanceClock(29 * DAY_MS);
    expect((await gw.getItem(itemId)).transactionStatus).toBe("UNCLAIMED");
    await sb.control.advanceClock(DAY_MS);
    expect((await gw.getItem(itemId)).transactionStatus).toBe("RETURNED");
    expect((await sb.control.counters()).itemsPaidByReceiver["new-tutor@unclaimed.test"]).toBeUndefined();
  });

  it("cancels an UNCLAIMED item (RETURNED) and refuses to cancel anything else", async () => {
    const unclaimed = await gw.createBatchPayout(payout("x@unclaimed.test"));
    const paid = await gw.createBatchPayout(payout("y@example.com"));
    await sb.control.advanceClock(2 * MINUTE_MS);
    const unclaimedItem = (await gw.getBatch(unclaimed.batchId)).items[0]?.itemId ?? "";
    const paidItem = (await gw.getBatch(paid.batchId)).items[0]?.itemId ?? "";
    expect((await gw.cancelUnclaimedItem(unclaimedItem)).transactionStatus).toBe("RETURNED");
    await expect(gw.cancelUnclaimedItem(unclaimedItem)).rejects.toMatchObject({
      failure: { kind: "invalid_state", code: "ITEM_ALREADY_CANCELLED" },
    });
    await expect(gw.cancelUnclaimedItem(paidItem)).rejects.toMatchObject({
      failure: { kind: "invalid_state", code: "ITEM_INCORRECT_STATUS" },
    });
  });

  it("fails @fail.test receivers, and denies a batch whose every item failed", async () => {
    const mixed = await gw.createBatchPayout({
      senderBatchId: "mixed",
      items: [
        { receiverEmail: "ok@example.com", amount: 1000, currency: "USD", senderItemId: "a" },
        { receiverEmail: "bad@fail.test", amount: 1000, currency: "USD", senderItemId: "b" },
      ],
    });
    const denied = await gw.createBatchPayout(payout("bad@fail.test"));
    await sb.control.advanceClock(2 * MINUTE_MS);
    const m = await gw.getBatch(mixed.batchId);
    expect(m.batchStatus).toBe("SUCCESS");
    expect(m.items.map((i) => i.transactionStatus)).toEqual(["SUCCESS", "FAILED"]);
    expect(m.items[1]?.errorName).toBe("RECEIVER_ACCOUNT_LOCKED");
    expect((await gw.getBatch(denied.batchId)).batchStatus).toBe("DENIED");
  });

  it("posts PAYMENT.PAYOUTS* webhook events when an endpoint is configured", async () => {
    await sb.control.configureWebhooks({ url: receiver.url });
    await gw.createBatchPayout(payout("a@unclaimed.test"));
    await sb.control.advanceClock(31 * DAY_MS);
    await receiver.waitFor(4);
    const events = receiver.received.map((w) => JSON.parse(w.body) as { event_type: string; resource: { transaction_status?: string } });
    expect(events.map((e) => e.event_type)).toEqual([
      "PAYMENT.PAYOUTSBATCH.PROCESSING",
      "PAYMENT.PAYOUTS-ITEM.UNCLAIMED",
      "PAYMENT.PAYOUTSBATCH.SUCCESS",
      "PAYMENT.PAYOUTS-ITEM.RETURNED",
    ]);
    expect(events[3]?.resource.transaction_status).toBe("RETURNED");
    expect(receiver.received[0]?.headers["paypal-transmission-id"]).toBeTruthy();
  });
});

describe("idempotency", () => {
  it("rejects a reused sender_batch_id like PayPal (400 USER_BUSINESS_ERROR + link), and the gateway follows the link", async () => {
    const first = await gw.createBatchPayout({ ...payout("t@example.com", 1000, "payout_dup"), requestId: "req-1" });
    const raw = new paypal.payouts.PayoutsPostRequest();
    raw.requestBody({
      sender_batch_header: { sender_batch_id: "payout_dup" },
      items: [{ recipient_type: "EMAIL", receiver: "t@example.com", amount: { currency: "USD", value: "10.00" } }],
    });
    const err = (await rejection(client.execute(raw))) as { statusCode: number; message: string };
    expect(err.statusCode).toBe(400);
    const body = JSON.parse(err.message) as {
      name: string;
      details: Array<{ field: string; issue: string; link: Array<{ href: string }> }>;
    };
    expect(body.name).toBe("USER_BUSINESS_ERROR");
    expect(body.details[0]?.field).toBe("SENDER_BATCH_ID");
    expect(body.details[0]?.issue).toBe("Batch with given sender_batch_id already exists");
    expect(body.details[0]?.link[0]?.href).toBe(`${sb.url}/v1/payments/payouts/${first.batchId}`);

    const again = await gw.createBatchPayout({ ...payout("t@example.com", 1000, "payout_dup"), requestId: "req-2" });
    expect(again).toMatchObject({ batchId: first.batchId, alreadyExisted: true });
    const counters = await sb.control.counters();
    expect(counters.batchesBySenderBatchId.payout_dup).toBe(1);
    expect(counters.duplicateSenderBatchRejections).toBe(2);
  });

  it("allows a sender_batch_id again after 30 days", async () => {
    const first = await gw.createBatchPayout({ ...payout("t@example.com", 1000, "old_batch"), requestId: "r1" });
    await sb.control.advanceClock(30 * DAY_MS + MINUTE_MS);
    const second = await gw.createBatchPayout({ ...payout("t@example.com", 1000, "old_batch"), requestId: "r2" });
    expect(second.alreadyExisted).toBe(false);
    expect(second.batchId).not.toBe(first.batchId);
  });

  it("replays the original response for the same PayPal-Request-Id", async () => {
    const a = await gw.createBatchPayout(payout("t@example.com", 1000, "rid_batch"));
    const b = await gw.createBatchPayout(payout("t@example.com", 1000, "rid_batch"));
    expect(b).toEqual(a);
    expect((await sb.control.counters()).requestIdReplays).toBe(1);
  });
});

describe("faults, errors and auth", () => {
  it("lost response on create: ambiguous, then the same call returns the one batch that exists", async () => {
    await sb.control.injectFault({ method: "POST", path: "/v1/payments/payouts", mode: "lost_response" });
    const input = payout("t@example.com", 1000, "lost_batch");
    await expect(gw.createBatchPayout(input)).rejects.toMatchObject({ failure: { kind: "ambiguous" } });
    const retried = await gw.createBatchPayout(input);
    expect(retried.alreadyExisted).toBe(false); // replayed through PayPal-Request-Id
    const viaDuplicate = await gw.createBatchPayout({ ...input, requestId: "another" });
    expect(viaDuplicate).toMatchObject({ batchId: retried.batchId, alreadyExisted: true });
    expect((await sb.control.counters()).batchesBySenderBatchId.lost_batch).toBe(1);
  });

  it("500, reset, hang, 429 and latency map to the provider error kinds", async () => {
    const path = "/v1/payments/payouts";
    await sb.control.injectFault({ method: "POST", path, mode: "error500" });
    await expect(gw.createBatchPayout(payout())).rejects.toMatchObject({
      failure: { kind: "ambiguous", statusCode: 500, code: "INTERNAL_SERVICE_ERROR" },
    });
    await sb.control.injectFault({ method: "POST", path, mode: "reset" });
    await expect(gw.createBatchPayout(payout())).rejects.toMatchObject({ failure: { kind: "ambiguous", code: "ECONNRESET" } });
    await sb.control.injectFault({ method: "GET", path: "/v1/payments/payouts/*", mode: "hang" });
    const started = Date.now();
    await expect(gw.getBatch("ANY")).rejects.toMatchObject({ failure: { kind: "ambiguous", code: "timeout" } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await sb.control.injectFault({ method: "POST", path, mode: "rate_limit" });
    await expect(gw.createBatchPayout(payout())).rejects.toMatchObject({ failure: { kind: "rate_limited", code: "RATE_LIMIT_REACHED" } });
    await sb.control.injectFault({ method: "POST", path, mode: "latency", latencyMs: 200 });
    const t0 = Date.now();
    const ok = await gw.createBatchPayout(payout());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(ok.batchStatus).toBe("PENDING");
    expect(Object.values((await sb.control.counters()).batchesBySenderBatchId)).toEqual([1]);
  });

  it("validates amounts and receivers", async () => {
    const raw = new paypal.payouts.PayoutsPostRequest();
    raw.requestBody({
      sender_batch_header: { sender_batch_id: "v" },
      items: [{ receiver: "nope", amount: { currency: "USD", value: "10.001" } }],
    });
    const err = (await rejection(client.execute(raw))) as { statusCode: number; message: string };
    expect(err.statusCode).toBe(400);
    const body = JSON.parse(err.message) as { name: string; details: Array<{ field: string }> };
    expect(body.name).toBe("VALIDATION_ERROR");
    expect(body.details.map((d) => d.field).sort()).toEqual(["items[0].amount.value", "items[0].receiver"]);
    await expect(gw.getItem("NOPE")).rejects.toMatchObject({ failure: { kind: "invalid_request", code: "RESOURCE_NOT_FOUND" } });
  });

  it("expires tokens on the sandbox clock; the SDK fetches a new one by itself", async () => {
    await gw.createBatchPayout(payout());
    const before = (await sb.control.counters()).tokensIssued;
    await sb.control.advanceClock(10 * HOUR_MS);
    await gw.createBatchPayout(payout());
    expect((await sb.control.counters()).tokensIssued).toBe(before + 1);
  });

  it("answers 401 without credentials (auth)", async () => {
    const anon = createPayPalGateway(new paypal.core.PayPalHttpClient(new paypal.core.PayPalEnvironment("", "", sb.url, sb.url)));
    await expect(anon.getBatch("X")).rejects.toMatchObject({ failure: { kind: "auth" } });
    const res = await fetch(`${sb.url}/v1/payments/payouts/X`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { name: string }).name).toBe("AUTHENTICATION_FAILURE");
  });

  it("rate-limits beyond the configured requests per second", async () => {
    await gw.createBatchPayout(payout()); // token first
    await sb.control.setRateLimit(3);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => gw.getBatch("NONE")));
    const kinds = results.map((r) => (r.status === "rejected" ? (r.reason as { failure: { kind: string } }).failure.kind : "ok"));
    expect(kinds.filter((k) => k === "rate_limited")).toHaveLength(2);
    expect(kinds.filter((k) => k === "invalid_request")).toHaveLength(3);
  });
});

describe("control plane: payouts changed or forgotten behind the app's back", () => {
  it("sets an item's transaction_status and amount, and forgets a batch", async () => {
    const created = await gw.createBatchPayout(payout("tutor@example.com", 1250));
    await sb.control.advanceClock(2 * MINUTE_MS);
    const [item] = (await gw.getBatch(created.batchId)).items;
    await sb.control.tamperObject("payouts-item", item!.itemId, { transaction_status: "RETURNED", value: "12.00" });
    expect(await gw.getItem(item!.itemId)).toMatchObject({ transactionStatus: "RETURNED", amount: 1200 });
    await expect(sb.control.tamperObject("payouts-item", item!.itemId, { transaction_status: "LOST" })).rejects.toThrow(
      /transaction_status/,
    );
    await sb.control.deleteObject("payouts", created.batchId);
    await expect(gw.getBatch(created.batchId)).rejects.toThrow();
  });
});
