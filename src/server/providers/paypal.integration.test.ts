// The PayPal gateway against the PayPal sandbox: configuration, money conversion,
// create-or-get semantics and error mapping.
import { describe, expect, it } from "vitest";
import type { RunningPayPalSandbox } from "~/sandbox/start";
import { setupPayPalSandbox } from "~/test/sandbox-suite";
import { MINUTE_MS } from "~/sandbox/clock";
import {
  createPayPalClient,
  minorToPayPalValue,
  payPalValueToMinor,
  paypalFromEnv,
  toPayPalProviderError,
  type PayPalGateway,
} from "./paypal";

let sb: RunningPayPalSandbox;
let gw: PayPalGateway;
setupPayPalSandbox({ timeoutMs: 1_000 }, (s) => ({ sb, gw } = s));

describe("money", () => {
  it("converts minor units to PayPal decimal strings and back without floats", () => {
    expect(minorToPayPalValue(0, "USD")).toBe("0.00");
    expect(minorToPayPalValue(5, "USD")).toBe("0.05");
    expect(minorToPayPalValue(360, "usd")).toBe("3.60");
    expect(minorToPayPalValue(1000, "EUR")).toBe("10.00");
    expect(minorToPayPalValue(123456789012, "USD")).toBe("1234567890.12");
    expect(minorToPayPalValue(1500, "JPY")).toBe("1500");
    expect(() => minorToPayPalValue(1.5, "USD")).toThrow(RangeError);
    expect(() => minorToPayPalValue(-1, "USD")).toThrow(RangeError);
    expect(payPalValueToMinor("3.6", "USD")).toBe(360);
    expect(payPalValueToMinor("0.07", "USD")).toBe(7);
    expect(payPalValueToMinor("10", "USD")).toBe(1000);
    expect(payPalValueToMinor("1500", "JPY")).toBe(1500);
    expect(() => payPalValueToMinor("1.234", "USD")).toThrow(RangeError);
    expect(() => payPalValueToMinor("1.5", "JPY")).toThrow(RangeError);
    for (let minor = 0; minor < 1000; minor += 7) expect(payPalValueToMinor(minorToPayPalValue(minor, "USD"), "USD")).toBe(minor);
  });
});

describe("client configuration", () => {
  it("uses the local sandbox without credentials and PayPal's hosts with them", () => {
    const env = (c: unknown) => (c as { environment: { baseUrl: string; clientId: string } }).environment;
    expect(env(createPayPalClient({ sandboxUrl: "http://127.0.0.1:4000" })).baseUrl).toBe("http://127.0.0.1:4000");
    expect(env(createPayPalClient({ clientId: "id", clientSecret: "s" })).baseUrl).toBe("https://api.sandbox.paypal.com");
    expect(env(createPayPalClient({ clientId: "id", clientSecret: "s", mode: "live" })).baseUrl).toBe("https://api.paypal.com");
    const timed = createPayPalClient({ timeoutMs: 1234 }) as unknown as { getTimeout(): number };
    expect(timed.getTimeout()).toBe(1234);
  });

  it("paypalFromEnv() uses the local sandbox on PAYPAL_SANDBOX_PORT without credentials", async () => {
    delete process.env.PAYPAL_CLIENT_ID;
    delete process.env.PAYPAL_CLIENT_SECRET;
    process.env.PAYPAL_SANDBOX_PORT = String(sb.port);
    const fromEnv = paypalFromEnv();
    expect(fromEnv.mode).toBe("local-sandbox");
    const batch = await fromEnv.createBatchPayout({
      senderBatchId: "env-1",
      items: [{ receiverEmail: "t@example.com", amount: 1000, currency: "USD", senderItemId: "i" }],
    });
    expect(batch.batchStatus).toBe("PENDING");
  });
});

describe("gateway", () => {
  it("creates once per sender_batch_id and reads batch and item back in minor units", async () => {
    const input = {
      senderBatchId: "payout_42",
      items: [
        { receiverEmail: "a@example.com", amount: 360, currency: "USD", senderItemId: "earning_1", note: "Lesson 1" },
        { receiverEmail: "b@example.com", amount: 1005, currency: "USD", senderItemId: "earning_2" },
      ],
    };
    const created = await gw.createBatchPayout(input);
    const again = await gw.createBatchPayout({ ...input, requestId: "retry-after-ambiguity" });
    expect(again).toMatchObject({ batchId: created.batchId, alreadyExisted: true });
    await sb.control.advanceClock(2 * MINUTE_MS);
    const batch = await gw.getBatch(created.batchId);
    expect(batch).toMatchObject({ batchStatus: "SUCCESS", senderBatchId: "payout_42" });
    expect(batch.items.map((i) => [i.senderItemId, i.amount, i.transactionStatus])).toEqual([
      ["earning_1", 360, "SUCCESS"],
      ["earning_2", 1005, "SUCCESS"],
    ]);
    const item = await gw.getItem(batch.items[0]?.itemId ?? "");
    expect(item).toMatchObject({ amount: 360, currency: "USD", receiver: "a@example.com", senderBatchId: "payout_42" });
    expect(item.timeProcessed).toBeInstanceOf(Date);
    expect((await sb.control.counters()).batchesBySenderBatchId.payout_42).toBe(1);
  });

  it("answers 409 (ambiguous) while a request with the same PayPal-Request-Id is still in flight", async () => {
    await gw.createBatchPayout({
      senderBatchId: "warmup",
      items: [{ receiverEmail: "t@example.com", amount: 100, currency: "USD", senderItemId: "w" }],
    });
    await sb.control.injectFault({ method: "POST", path: "/v1/payments/payouts", mode: "latency", latencyMs: 300 });
    const input = { senderBatchId: "busy", items: [{ receiverEmail: "t@example.com", amount: 100, currency: "USD", senderItemId: "x" }] };
    const first = gw.createBatchPayout(input);
    await new Promise((r) => setTimeout(r, 80));
    await expect(gw.createBatchPayout(input)).rejects.toMatchObject({
      failure: { kind: "ambiguous", code: "DUPLICATE_REQUEST_ID", statusCode: 409 },
    });
    expect((await first).alreadyExisted).toBe(false);
  });

  it("maps raw SDK failures", () => {
    expect(toPayPalProviderError(new Error("Request timed out"))).toMatchObject({ failure: { kind: "ambiguous", code: "timeout" } });
    expect(toPayPalProviderError({ statusCode: 503, message: '{"name":"SERVICE_UNAVAILABLE","message":"down"}' })).toMatchObject({
      failure: { kind: "ambiguous", code: "SERVICE_UNAVAILABLE", statusCode: 503 },
    });
    expect(toPayPalProviderError({ statusCode: 422, message: '{"name":"INSUFFICIENT_FUNDS","message":"add money"}' })).toMatchObject({
      failure: { kind: "declined", code: "INSUFFICIENT_FUNDS" },
    });
    expect(
      toPayPalProviderError({ statusCode: 401, message: '{"error":"invalid_client","error_description":"Client Authentication failed"}' }),
    ).toMatchObject({
      failure: { kind: "auth", code: "invalid_client" },
    });
    expect(toPayPalProviderError({ statusCode: 400, message: "not json" })).toMatchObject({
      failure: { kind: "invalid_request", code: "HTTP_400" },
    });
  });

  it("rejects empty batches and non-integer amounts before calling PayPal", async () => {
    await expect(gw.createBatchPayout({ senderBatchId: "e", items: [] })).rejects.toThrow(/at least one item/);
    await expect(
      gw.createBatchPayout({
        senderBatchId: "f",
        items: [{ receiverEmail: "t@example.com", amount: 10.5, currency: "USD", senderItemId: "x" }],
      }),
    ).rejects.toThrow(RangeError);
    expect((await sb.control.counters()).requests["POST /v1/payments/payouts"]).toBeUndefined();
  });
});
