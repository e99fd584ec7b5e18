// Stripe's webhook signature: `Stripe-Signature: t=<unix seconds>,v1=<hex>` where
// the hex is HMAC-SHA256(secret, `${t}.${payload}`), the same computation as
// stripe-node's `webhooks.generateTestHeaderString`, so `constructEvent` accepts it.
// `t` is the wall-clock time of each delivery attempt (not the sandbox clock),
// because the receiver checks it against its own clock (300 s tolerance).
import { createHmac } from "node:crypto";

export function stripeSignatureHeader(payload: string, secret: string, timestampSec = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac("sha256", secret).update(`${timestampSec}.${payload}`, "utf8").digest("hex");
  return `t=${timestampSec},v1=${signature}`;
}

export function stripeWebhookHeaders(secret: string) {
  return (payload: string): Record<string, string> => ({
    "Stripe-Signature": stripeSignatureHeader(payload, secret),
    "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
  });
}
