import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";

// Stripe and PayPal sandboxes (one shared clock) for whatever is not configured with
// real keys. Their control planes are at <url>/_sandbox/… (see src/sandbox/*/README.md).
export async function startSandboxesIfNeeded(
  webhookUrl: string,
  opts: { clockOffsetMs?: number; stateDir?: string; paypalProcessingDelayMs?: number } = {},
): Promise<{ env: Record<string, string>; urls: { stripe?: string; paypal?: string }; stop: () => Promise<void> }> {
  const { startStripeSandbox, startPayPalSandbox, SandboxClock } = await import("../../src/sandbox/start");
  // The sandboxes' clock starts where the app's (time-travel) clock is, so holds expire in step.
  const clock = new SandboxClock(Date.now() + (opts.clockOffsetMs ?? 0));
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
    stops.push(persistState(s.instance, opts.stateDir, "stripe"));
    stops.push(() => s.close());
    env.STRIPE_SANDBOX_PORT = String(s.port);
    urls.stripe = s.url;
    console.log(`[lessonpay] Stripe sandbox on ${s.url} (control plane: ${s.url}/_sandbox)`);
  }
  if (!process.env.PAYPAL_CLIENT_ID) {
    const port = Number(process.env.PAYPAL_SANDBOX_PORT ?? 12112);
    const p = await startPayPalSandbox({
      port,
      clock,
      config: opts.paypalProcessingDelayMs ? { processingDelayMs: opts.paypalProcessingDelayMs } : undefined,
    });
    stops.push(persistState(p.instance, opts.stateDir, "paypal"));
    stops.push(() => p.close());
    env.PAYPAL_SANDBOX_PORT = String(p.port);
    urls.paypal = p.url;
    console.log(`[lessonpay] PayPal sandbox on ${p.url}`);
  }
  return {
    env,
    urls,
    stop: async () => {
      for (const s of stops) await s().catch(() => {});
    },
  };
}

/** Where the running app's parts are, for the ops CLI (`npm run ops`) to find them. */
export function writeRuntimeFile(path: string, info: Record<string, unknown>) {
  writeFileSync(path, JSON.stringify(info, null, 2));
}

/**
 * Dev only: the database persists across restarts of `npm run dev`, so the sandboxes'
 * objects must too, or every held PaymentIntent would vanish on restart. State is
 * loaded at start and written on stop and every 30 s (v8 serialization keeps Maps).
 */
function persistState(instance: { state: unknown }, dir: string | undefined, name: string): () => Promise<void> {
  if (!dir) return async () => {};
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.v8`);
  if (existsSync(file)) {
    try {
      instance.state = v8.deserialize(readFileSync(file));
    } catch {
      console.log(`[lessonpay] ${name} sandbox state in ${file} could not be read; starting empty`);
    }
  }
  const save = () => writeFileSync(file, v8.serialize(instance.state));
  const timer = setInterval(save, 30_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    save();
  };
}
