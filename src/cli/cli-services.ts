import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "~/env";
import { createDb } from "~/server/db/client";
import { ensureDatabase } from "~/server/db/ensure-database";
import { defaultPolicy, policyWith } from "~/server/lifecycle/policy";
import { limitedGateway } from "~/server/payments/limited-gateway";
import { createProviderLimiter, DEFAULT_PROVIDER_RATE_PER_SECOND } from "~/server/payments/rate-limiter";
import { createPayPalClient, createPayPalGateway } from "~/server/providers/paypal";
import { createStripeClient, createStripeGateway } from "~/server/providers/stripe";
import type { Services } from "~/server/services";
import { offsetClock, readClockOffsetMs } from "~/server/time-travel";

export interface Runtime {
  appUrl?: string;
  databaseUrl?: string;
  stripeSandboxUrl?: string | null;
  paypalSandboxUrl?: string | null;
  cronSecret?: string;
}

/** The running `npm run dev` / `npm start`, if any (it writes .data/runtime.json). */
export function readRuntime(): Runtime | null {
  const file = path.resolve(".data/runtime.json");
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, "utf8")) as Runtime & { pid?: number };
  try {
    if (r.pid) process.kill(r.pid, 0);
    return r;
  } catch {
    return null; // stale file from a crashed run
  }
}

/** The same services the app uses, pointed at the running app's database and sandboxes when there is one. */
export async function cliServices(): Promise<{ services: Services; runtime: Runtime | null; close: () => Promise<void> }> {
  const e = parseEnv(process.env);
  const runtime = readRuntime();
  const handle =
    process.env.DATABASE_URL || !runtime?.databaseUrl ? await ensureDatabase() : { url: runtime.databaseUrl, stop: async () => {} };
  const db = createDb(handle.url);
  const offset = await readClockOffsetMs(db, e.ALLOW_TIME_TRAVEL || Boolean(runtime));
  const stripeUrl = runtime?.stripeSandboxUrl ?? `http://127.0.0.1:${e.STRIPE_SANDBOX_PORT}`;
  const stripe = limitedGateway(
    createStripeGateway(createStripeClient({ secretKey: e.STRIPE_SECRET_KEY, sandboxUrl: stripeUrl }), {
      webhookSecret: e.STRIPE_WEBHOOK_SECRET,
    }),
    createProviderLimiter({ perSecond: e.STRIPE_REQUESTS_PER_SECOND ?? DEFAULT_PROVIDER_RATE_PER_SECOND }),
  );
  const policy = e.PLATFORM_FEE_BPS === defaultPolicy.platformFeeBps ? defaultPolicy : policyWith({ platformFeeBps: e.PLATFORM_FEE_BPS });
  return {
    services: {
      db,
      policy,
      now: offsetClock(offset),
      stripe,
      paypal: createPayPalGateway(
        createPayPalClient({
          clientId: e.PAYPAL_CLIENT_ID,
          clientSecret: e.PAYPAL_CLIENT_SECRET,
          mode: e.PAYPAL_MODE,
          sandboxUrl: runtime?.paypalSandboxUrl ?? `http://127.0.0.1:${e.PAYPAL_SANDBOX_PORT}`,
        }),
        e.PAYPAL_CLIENT_ID ? e.PAYPAL_MODE : "local-sandbox",
      ),
    },
    runtime,
    close: async () => {
      await db.$disconnect();
      await handle.stop();
    },
  };
}

/** "73h", "30m", "2d", "90s" → milliseconds */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration: use e.g. 30m, 73h or 2d`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "ms" | "s" | "m" | "h" | "d"];
  return Math.round(Number(m[1]) * unit);
}
