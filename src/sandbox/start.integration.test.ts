// Starting both sandboxes together: one shared clock, a working control plane on
// each, and a close() that leaves no timers or sockets behind.
import { describe, expect, it } from "vitest";
import { startSandboxes, startStripeSandbox } from "./start";
import { DAY_MS, MINUTE_MS } from "./clock";
import { createStripeClient, createStripeGateway } from "~/server/providers/stripe";
import { createPayPalClient, createPayPalGateway } from "~/server/providers/paypal";
import { holdInput } from "~/test/sandbox-suite";

const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe("startSandboxes", () => {
  it("shares one clock: advancing through either control plane moves both sandboxes", async () => {
    const both = await startSandboxes();
    try {
      const stripe = createStripeGateway(createStripeClient({ sandboxUrl: both.stripe.url }));
      const paypal = createPayPalGateway(createPayPalClient({ sandboxUrl: both.paypal.url }));
      const { customerId } = await stripe.createCustomer({});
      const auth = await stripe.authorize(holdInput({ customerId, idempotencyKey: "k" }));
      const batch = await paypal.createBatchPayout({
        senderBatchId: "b1",
        items: [{ receiverEmail: "t@example.com", amount: 1000, currency: "USD", senderItemId: "i1" }],
      });

      await both.paypal.control.advanceClock(2 * MINUTE_MS);
      expect((await paypal.getBatch(batch.batchId)).batchStatus).toBe("SUCCESS");
      const stripeClock = await both.stripe.control.clock();
      const paypalClock = await both.paypal.control.clock();
      expect(Math.abs(stripeClock.now - paypalClock.now)).toBeLessThan(1_000);
      expect(stripeClock.now - Date.now()).toBeGreaterThan(MINUTE_MS);

      await both.stripe.control.advanceClock(7 * DAY_MS);
      expect((await stripe.retrievePaymentIntent(auth.paymentIntentId ?? "")).status).toBe("canceled");

      const set = await both.stripe.control.setClock(new Date("2030-01-01T00:00:00Z"));
      expect(set.iso.startsWith("2030-01-01T00:00:0")).toBe(true);
      expect((await both.paypal.control.health()).provider).toBe("paypal");
      expect((await both.stripe.control.health()).provider).toBe("stripe");
      await both.stripe.control.reset({ clock: true });
      expect(Math.abs((await both.paypal.control.clock()).now - Date.now())).toBeLessThan(1_000);
    } finally {
      await both.close();
    }
  });

  it("close() cancels pending webhook retries, latency timers and hanging requests", async () => {
    const before = timeouts();
    const sb = await startStripeSandbox({ port: 0, webhookUrl: "http://127.0.0.1:9/unreachable", webhook: { baseDelayMs: 60_000 } });
    const stripe = createStripeClient({ sandboxUrl: sb.url, timeoutMs: 30_000 });
    await stripe.customers.create({});
    await sb.control.waitForDeliveries((d) => d.length >= 1);
    await sb.control.injectFault({ method: "GET", path: "/v1/customers/*", mode: "hang" });
    await sb.control.injectFault({ method: "POST", path: "/v1/customers", mode: "latency", latencyMs: 60_000 });
    const hanging = stripe.customers.retrieve("cus_x").catch((e: unknown) => e);
    const slow = stripe.customers.create({}).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    expect(timeouts()).toBeGreaterThan(before);
    await sb.close();
    await Promise.all([hanging, slow]);
    // stripe-node's own retry timer for the dropped connections may still be settling.
    await new Promise((r) => setTimeout(r, 700));
    expect(timeouts()).toBeLessThanOrEqual(before);
  });
});
