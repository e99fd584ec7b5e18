// The PayPal webhook route verifies every delivery with PayPal's verify-webhook-signature API (here the sandbox, which
// signs its deliveries as PayPal does) before acting: an unsigned, tampered or wrongly signed event is a 400 and
// makes us read nothing from PayPal and change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from "~/sandbox/webhook-receiver";
import { updatePayoutSettings } from "~/server/payouts/payout-accounts";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";

let h: PayoutHarness;
let receiver: WebhookReceiver;
let route: (req: Request) => Promise<Response>;
let delivery: ReceivedWebhook;
let payoutId: string;

beforeAll(async () => {
  h = await startPayoutHarness({ now: "2026-11-26T08:00:00Z" });
  receiver = await startWebhookReceiver();
  Object.assign(process.env, {
    DATABASE_URL: h.t.url,
    APP_URL: "http://localhost:3000",
    BETTER_AUTH_SECRET: "test-secret-0123456789-0123456789-xx",
    STRIPE_SANDBOX_PORT: String(h.stripe.port),
    PAYPAL_SANDBOX_PORT: String(h.paypal.port),
  });
  route = (await import("./route")).POST;

  const tutor = await h.tutor({ price25: 2000 });
  await updatePayoutSettings(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "webhook@paid.test" });
  await h.capturedLesson(await h.student(), tutor);
  await h.paypal.control.configureWebhooks({ url: receiver.url });
  await h.payOutAfterHold();
  delivery = (await receiver.waitFor(1, 15_000))[0]!;
  payoutId = (await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } })).id;
}, 120_000);
afterAll(async () => {
  await receiver.close();
  await h.close();
});

const post = (body: string, headers: Record<string, string>) =>
  route(
    new Request("http://localhost:3000/api/webhooks/paypal", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    }),
  );
const signedHeaders = () =>
  Object.fromEntries(
    Object.entries(delivery.headers)
      .filter(([k]) => k.startsWith("paypal-"))
      .map(([k, v]) => [k, String(v)]),
  );

/** What a request could have caused: PayPal reads, verification calls, payout rows and their audit. */
async function footprint() {
  const { requests } = await h.paypal.control.counters();
  return {
    reads: (requests["GET /v1/payments/payouts/:id"] ?? 0) + (requests["GET /v1/payments/payouts-item/:id"] ?? 0),
    verifications: requests["POST /v1/notifications/verify-webhook-signature"] ?? 0,
    payout: await h.t.db.payout.findUniqueOrThrow({ where: { id: payoutId } }),
    audit: await h.t.db.auditEvent.count({ where: { subjectId: payoutId } }),
  };
}

describe("POST /api/webhooks/paypal", () => {
  it("the sandbox signs its deliveries with PayPal's transmission headers", () => {
    expect(Object.keys(signedHeaders()).sort()).toEqual([
      "paypal-auth-algo",
      "paypal-cert-url",
      "paypal-transmission-id",
      "paypal-transmission-sig",
      "paypal-transmission-time",
    ]);
    expect(delivery.headers["paypal-auth-algo"]).toBe("SHA256withRSA");
  });

  it("refuses an unsigned event without asking anyone", async () => {
    const before = await footprint();
    const res = await post(delivery.body, { "paypal-transmission-id": String(delivery.headers["paypal-transmission-id"]) });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/Unsigned/);
    expect(await footprint()).toEqual(before);
  });

  it("refuses a tampered body and a wrong signature: verified with PayPal, then nothing read or changed", async () => {
    const before = await footprint();
    const tampered = JSON.stringify({ ...JSON.parse(delivery.body), summary: "Payout item was returned" });
    const bad1 = await post(tampered, signedHeaders());
    const sig = Buffer.from(signedHeaders()["paypal-transmission-sig"]!, "base64");
    sig[10] = sig[10]! ^ 0xff;
    const bad2 = await post(delivery.body, { ...signedHeaders(), "paypal-transmission-sig": sig.toString("base64") });
    const bad3 = await post(delivery.body, { ...signedHeaders(), "paypal-cert-url": "https://evil.example/cert.pem" });
    for (const res of [bad1, bad2, bad3]) {
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/signature does not verify/);
    }
    expect(await footprint()).toEqual({ ...before, verifications: before.verifications + 3 });
  });

  it("accepts the genuine delivery and re-reads the payout from PayPal", async () => {
    const before = await footprint();
    const res = await post(delivery.body, signedHeaders());
    expect(res.status).toBe(200);
    expect(["applied", "duplicate"]).toContain((await res.json()).status);
    const after = await footprint();
    expect(after.verifications).toBe(before.verifications + 1);
    expect(after.reads).toBeGreaterThan(before.reads);
  });
});
