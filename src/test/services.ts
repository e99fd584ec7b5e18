import { fixedClock } from "~/server/clock";
import type { Db } from "~/server/db/client";
import { defaultPolicy, type Policy } from "~/server/lifecycle/policy";
import { limitedGateway } from "~/server/payments/limited-gateway";
import { createProviderLimiter } from "~/server/payments/rate-limiter";
import { createPayPalClient, createPayPalGateway, type PayPalGateway } from "~/server/providers/paypal";
import { createStripeClient, createStripeGateway, type StripeGateway } from "~/server/providers/stripe";
import type { Services } from "~/server/services";

/** Services for a test: its own database, a movable clock, and (optionally) a sandbox URL. */
export function testServices(
  db: Db,
  opts: {
    stripeUrl?: string;
    paypalUrl?: string;
    now?: Date | string;
    policy?: Readonly<Policy>;
    timeoutMs?: number;
    perSecond?: number;
  } = {},
): Services & { clock: ReturnType<typeof fixedClock> } {
  const clock = fixedClock(opts.now ?? "2026-11-26T12:00:00Z");
  const stripe: StripeGateway = opts.stripeUrl
    ? limitedGateway(
        createStripeGateway(createStripeClient({ sandboxUrl: opts.stripeUrl, timeoutMs: opts.timeoutMs ?? 3_000 }), {
          webhookSecret: "whsec_sandbox",
        }),
        createProviderLimiter({ perSecond: opts.perSecond ?? 1000 }),
      )
    : (new Proxy({}, { get: () => () => Promise.reject(new Error("no Stripe sandbox in this test")) }) as StripeGateway);
  const paypal: PayPalGateway = opts.paypalUrl
    ? createPayPalGateway(createPayPalClient({ sandboxUrl: opts.paypalUrl, timeoutMs: opts.timeoutMs ?? 3_000 }))
    : (new Proxy({}, { get: () => () => Promise.reject(new Error("no PayPal sandbox in this test")) }) as PayPalGateway);
  return { db, policy: opts.policy ?? defaultPolicy, now: clock.now, stripe, paypal, clock };
}
