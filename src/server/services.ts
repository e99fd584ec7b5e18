import "server-only";
// The dependencies a service needs, built once per request or job run. Services take
// this plain object (never the tRPC context), so cron routes, webhooks, the ops CLI
// and tests call exactly the same code.
import { env } from "~/env";
import { db as appDb, type Db } from "~/server/db/client";
import { defaultPolicy, type Policy, policyWith } from "~/server/lifecycle/policy";
import { limitedGateway } from "~/server/payments/limited-gateway";
import { createProviderLimiter, DEFAULT_PROVIDER_RATE_PER_SECOND, type ProviderLimiter } from "~/server/payments/rate-limiter";
import { type PayPalGateway, paypalFromEnv } from "~/server/providers/paypal";
import { type StripeGateway, stripeFromEnv } from "~/server/providers/stripe";
import { offsetClock, readClockOffsetMs } from "~/server/time-travel";

export interface Services {
  db: Db;
  policy: Readonly<Policy>;
  now: () => Date;
  /** rate-limited gateway */
  stripe: StripeGateway;
  paypal: PayPalGateway;
}

const g = globalThis as unknown as { __limiter?: ProviderLimiter };

export function appPolicy(): Readonly<Policy> {
  const bps = env().PLATFORM_FEE_BPS;
  return bps === defaultPolicy.platformFeeBps ? defaultPolicy : policyWith({ platformFeeBps: bps });
}

/** The app's services: env-configured providers, the shared limiter, the (time-travel aware) clock. */
export async function appServices(): Promise<Services> {
  const db = appDb();
  g.__limiter ??= createProviderLimiter({ perSecond: env().STRIPE_REQUESTS_PER_SECOND ?? DEFAULT_PROVIDER_RATE_PER_SECOND });
  // Never on a Vercel production deployment, whatever the variable says.
  const offset = await readClockOffsetMs(db, env().ALLOW_TIME_TRAVEL && process.env.VERCEL_ENV !== "production");
  return {
    db,
    policy: appPolicy(),
    now: offsetClock(offset),
    stripe: limitedGateway(stripeFromEnv(), g.__limiter),
    paypal: paypalFromEnv(),
  };
}
