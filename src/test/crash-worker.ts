// A worker process that dies at the worst moment: it claims one payment operation, makes the real provider call
// (capture, cancel or authorize reach the Stripe sandbox and take effect), and is then killed with SIGKILL before it
// can record the outcome. Spawned by src/server/payments/crash.integration.test.ts with `npx tsx`; nothing here is
// mocked, the process just stops existing between "the money moved" and "we wrote it down".
//
// env: DATABASE_URL, STRIPE_URL, APP_NOW (ISO, the app clock at the crash), OPERATION_ID
import { createDb } from "~/server/db/client";
import { runDueOperations } from "~/server/payments/operation-worker";
import type { StripeGateway } from "~/server/providers/stripe";
import { testServices } from "./services";

const MONEY_CALLS = new Set(["capture", "cancel", "authorize"]);

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`crash-worker: ${name} is not set`);
  return v;
}

/** The real gateway, except that the process is killed right after a money call returns. */
function killedAfterMoneyCall(inner: StripeGateway): StripeGateway {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || !MONEY_CALLS.has(String(prop))) return value;
      return async (...args: unknown[]) => {
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        // Tell the parent what happened at the provider, then die without recording it.
        process.stdout.write(`${JSON.stringify({ called: String(prop), result })}\n`, () => process.kill(process.pid, "SIGKILL"));
        return new Promise<never>(() => {});
      };
    },
  });
}

async function main() {
  const db = createDb(need("DATABASE_URL"), { max: 2 });
  const base = testServices(db, { stripeUrl: need("STRIPE_URL"), now: need("APP_NOW") });
  const services = { ...base, stripe: killedAfterMoneyCall(base.stripe) };
  await runDueOperations(services, { onlyIds: [need("OPERATION_ID")], workerId: "doomed-worker" });
  // Reaching this line means the operation was not claimed or made no money call: the parent treats it as a failure.
  process.stdout.write(`${JSON.stringify({ called: null })}\n`);
  await db.$disconnect();
}

main().catch((err: unknown) => {
  process.stderr.write(`crash-worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(2);
});
