// `npm run sandbox`: the Stripe and PayPal sandboxes, standalone, sharing one clock.
//
//   STRIPE_SANDBOX_PORT    (default 12111)
//   PAYPAL_SANDBOX_PORT    (default 12112)
//   STRIPE_WEBHOOK_URL     (default http://127.0.0.1:3000/api/webhooks/stripe)
//   STRIPE_WEBHOOK_SECRET  (default whsec_sandbox)
//   PAYPAL_WEBHOOK_URL     (optional; PayPal events are signed, verify with the sandbox's API)
//
// Webhooks to an app that is not running are retried with backoff and reported
// at most once a minute per endpoint, so the sandbox can run before the app does.
import { startSandboxes } from "../src/sandbox/start";
import type { DeliveryAttempt } from "../src/sandbox/shared/webhook-deliverer";

const port = (name: string, fallback: number) => {
  const raw = process.env[name];
  const n = raw ? Number(raw) : fallback;
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a port number, got ${raw}`);
  return n;
};

function quietLogger(provider: string) {
  const lastNote = new Map<string, number>();
  return (a: DeliveryAttempt) => {
    if (a.ok) {
      if (lastNote.has(a.url)) {
        lastNote.delete(a.url);
        console.log(`[sandbox] ${provider} webhooks reach ${a.url} again`);
      }
      return;
    }
    if (a.gaveUp) {
      console.log(`[sandbox] ${provider} gave up delivering ${a.eventType} ${a.eventId} after ${a.attempt} attempts`);
      return;
    }
    const last = lastNote.get(a.url) ?? 0;
    if (Date.now() - last > 60_000) {
      lastNote.set(a.url, Date.now());
      console.log(
        `[sandbox] ${provider} webhook endpoint ${a.url} not answering (${a.error ?? `HTTP ${a.status}`}); retrying with backoff`,
      );
    }
  };
}

async function main() {
  const stripeWebhook = process.env.STRIPE_WEBHOOK_URL ?? "http://127.0.0.1:3000/api/webhooks/stripe";
  const retry = { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 60_000 };
  const both = await startSandboxes({
    stripe: {
      port: port("STRIPE_SANDBOX_PORT", 12111),
      webhookUrl: stripeWebhook,
      webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? "whsec_sandbox",
      webhook: retry,
      onWebhookAttempt: quietLogger("stripe"),
    },
    paypal: {
      port: port("PAYPAL_SANDBOX_PORT", 12112),
      webhookUrl: process.env.PAYPAL_WEBHOOK_URL || null,
      webhook: retry,
      onWebhookAttempt: quietLogger("paypal"),
    },
  });
  console.log(`[sandbox] Stripe sandbox  ${both.stripe.url}  (any sk_test_ key; webhooks -> ${stripeWebhook})`);
  console.log(`[sandbox] PayPal sandbox  ${both.paypal.url}  (any client id/secret)`);
  console.log(`[sandbox] control plane   ${both.stripe.url}/_sandbox/health , ${both.paypal.url}/_sandbox/health`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[sandbox] ${signal}: stopping`);
    await both.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error("[sandbox] failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
