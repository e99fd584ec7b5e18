import { writeFileSync } from "node:fs";

// Stripe and PayPal sandboxes (one shared clock) for whatever is not configured with
// real keys. Their control planes are at <url>/_sandbox/… (see src/sandbox/*/README.md).
export async function startSandboxesIfNeeded(webhookUrl: string): Promise<{ env: Record<string, string>; urls: { stripe?: string; paypal?: string }; stop: () => Promise<void> }> {
  const { startStripeSandbox, startPayPalSandbox, SandboxClock } = await import("../../src/sandbox/start");
  const clock = new SandboxClock();
  const stops: (() => Promise<void>)[] = [];
  const env: Record<string, string> = {};
  const urls: { stripe?: string; paypal?: string } = {};
  if (!process.env.STRIPE_SECRET_KEY) {
    const port = Number(process.env.STRIPE_SANDBOX_PORT ?? 12111);
    const s = await startStripeSandbox({
      port,
      clock,
      webhookUrl,
      webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? "whsec_sandbox",
      onWebhookAttempt: () => {},
    });
    stops.push(() => s.close());
    env.STRIPE_SANDBOX_PORT = String(s.port);
    urls.stripe = s.url;
    console.log(`[lessonpay] Stripe sandbox on ${s.url} (control plane: ${s.url}/_sandbox)`);
  }
  if (!process.env.PAYPAL_CLIENT_ID) {
    const port = Number(process.env.PAYPAL_SANDBOX_PORT ?? 12112);
    const p = await startPayPalSandbox({ port, clock });
    stops.push(() => p.close());
    env.PAYPAL_SANDBOX_PORT = String(p.port);
    urls.paypal = p.url;
    console.log(`[lessonpay] PayPal sandbox on ${p.url}`);
  }
  return { env, urls, stop: async () => { for (const s of stops) await s().catch(() => {}); } };
}

/** Where the running app's parts are, for the ops CLI (`npm run ops`) to find them. */
export function writeRuntimeFile(path: string, info: Record<string, unknown>) {
  writeFileSync(path, JSON.stringify(info, null, 2));
}
