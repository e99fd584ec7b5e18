// Stripe and PayPal sandboxes for whatever is not configured with real keys.
export async function startSandboxesIfNeeded(webhookUrl: string): Promise<{ env: Record<string, string>; stop: () => Promise<void> }> {
  const stops: (() => Promise<void>)[] = [];
  const env: Record<string, string> = {};
  const start = await import("../../src/sandbox/start").catch(() => null);
  if (!start) return { env, stop: async () => {} };
  if (!process.env.STRIPE_SECRET_KEY) {
    const port = Number(process.env.STRIPE_SANDBOX_PORT ?? 12111);
    const s = await start.startStripeSandbox({ port, webhookUrl, webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? "whsec_sandbox" });
    stops.push(() => s.close());
    env.STRIPE_SANDBOX_PORT = String(s.port);
    console.log(`[lessonpay] Stripe sandbox on ${s.url}`);
  }
  if (!process.env.PAYPAL_CLIENT_ID) {
    const port = Number(process.env.PAYPAL_SANDBOX_PORT ?? 12112);
    const p = await start.startPayPalSandbox({ port });
    stops.push(() => p.close());
    env.PAYPAL_SANDBOX_PORT = String(p.port);
    console.log(`[lessonpay] PayPal sandbox on ${p.url}`);
  }
  return { env, stop: async () => { for (const s of stops) await s().catch(() => {}); } };
}
