// The dependencies a service needs, and the ONE factory that builds them. The app (per request and cron run), the ops
// CLI, the demo seed, the benchmarks and the tests all call createServices(); the wrappers below only say where the
// configuration comes from (the environment, a running dev stack, a test's sandboxes).
//
// The argument shape every service follows:
// - an entry point (called by a tRPC handler, a route, a cron job, the CLI or a test) takes `Services` first, or a
//   `Pick<Services, …>` of what it reads (e.g. `Pick<Services, "db" | "now">`), then its input;
// - a helper that must run inside a caller's transaction takes that transaction (`tx: Tx`) first;
// - nothing takes the tRPC context.
import "server-only";
import { demoFeatures, type Env, env } from "~/env";
import { systemClock } from "~/server/clock";
import { createDb, db as appDb, type Db } from "~/server/db/client";
import { defaultPolicy, type Policy, policyWith } from "~/server/lifecycle/policy";
import { limitedGateway } from "~/server/payments/limited-gateway";
import { createProviderLimiter, DEFAULT_PROVIDER_RATE_PER_SECOND, type ProviderLimiter } from "~/server/payments/rate-limiter";
import { createSharedProviderLimiter } from "~/server/payments/shared-rate-limiter";
import { connectPayPal, type PayPalConnection, type PayPalGateway, paypalConnectionFromEnv } from "~/server/providers/paypal";
import { connectStripe, type StripeConnection, type StripeGateway, stripeConnectionFromEnv } from "~/server/providers/stripe";
import { offsetClock, readClockOffsetMs } from "~/server/time-travel";
import { type NotifyConfig, notifyConfigFromEnv } from "~/server/notifications/config";

export interface Services {
  db: Db;
  policy: Readonly<Policy>;
  now: () => Date;
  /** rate-limited gateway */
  stripe: StripeGateway;
  paypal: PayPalGateway;
  /**
   * the mailer, sender address, links and webhook the notification worker sends with; null: this process sends no
   * messages (tests that are not about them, the CLI, the seed) and they wait, PENDING, for one that does
   */
  notify: NotifyConfig | null;
}

/** The same services with the clock stopped at `at`: for one run that must read a single instant throughout. */
export function atInstant<S extends { now: () => Date }>(services: S, at: Date): S {
  return { ...services, now: () => at };
}

export interface StripeServiceConfig extends StripeConnection {
  /**
   * The limiter every Stripe request passes through: an existing one (to share it between Services built in one
   * process), or the settings for a new one. Default: a new limiter at DEFAULT_PROVIDER_RATE_PER_SECOND.
   * `shared`: the budget lives in the database, one for every process using it (the app's, so that several instances
   * together stay under the provider's limit); otherwise it is this process's alone.
   */
  limiter?: ProviderLimiter | { perSecond: number; maxConcurrent?: number; shared?: boolean };
}

/** A Prisma client, or a database URL to open one with. */
export type DatabaseConfig = { db: Db } | { databaseUrl: string; poolSize?: number };

export type ServicesConfig = DatabaseConfig & {
  /** the business numbers (default: defaultPolicy) */
  policy?: Readonly<Policy>;
  /** the clock (default: the machine's) */
  now?: () => Date;
  /** Stripe's key or sandbox URL, timeout and limiter; null: none here, every call rejects (tests without one) */
  stripe: StripeServiceConfig | null;
  /** PayPal's credentials or sandbox URL and timeout; null: none here, every call rejects */
  paypal: PayPalConnection | null;
  /** how messages are sent (default: null, this process sends none) */
  notify?: NotifyConfig | null;
};

export function createServices(config: ServicesConfig): Services {
  const db = "databaseUrl" in config ? createDb(config.databaseUrl, { max: config.poolSize }) : config.db;
  return {
    db,
    policy: config.policy ?? defaultPolicy,
    now: config.now ?? systemClock.now,
    stripe: config.stripe ? limitedStripe(db, config.stripe) : unavailable<StripeGateway>("Stripe"),
    paypal: config.paypal ? connectPayPal(config.paypal) : unavailable<PayPalGateway>("PayPal"),
    notify: config.notify ?? null,
  };
}

function limitedStripe(db: Db, { limiter, ...connection }: StripeServiceConfig): StripeGateway {
  const settings = limiter ?? { perSecond: DEFAULT_PROVIDER_RATE_PER_SECOND };
  const chosen =
    "schedule" in settings
      ? settings
      : settings.shared
        ? createSharedProviderLimiter(db, { key: "stripe", perSecond: settings.perSecond, maxConcurrent: settings.maxConcurrent })
        : createProviderLimiter(settings);
  return limitedGateway(connectStripe(connection), chosen);
}

/** A gateway that is not configured here: any call rejects, so a path that reaches it by mistake fails loudly. */
function unavailable<T extends object>(provider: string): T {
  return new Proxy({} as T, { get: () => () => Promise.reject(new Error(`no ${provider} configured for these services`)) });
}

/** The policy with the environment's platform fee (the only business number set by a variable). */
export function policyForFeeBps(bps: number): Readonly<Policy> {
  return bps === defaultPolicy.platformFeeBps ? defaultPolicy : policyWith({ platformFeeBps: bps });
}

export function appPolicy(): Readonly<Policy> {
  return policyForFeeBps(env().PLATFORM_FEE_BPS);
}

/** What the environment says about the providers, the policy and this process's Stripe rate. */
export function servicesConfigFromEnv(
  e: Env,
  sandboxes: { stripeUrl?: string | null; paypalUrl?: string | null; limiter?: ProviderLimiter } = {},
): Pick<ServicesConfig, "policy" | "stripe" | "paypal" | "notify"> {
  return {
    notify: notifyConfigFromEnv(e),
    policy: policyForFeeBps(e.PLATFORM_FEE_BPS),
    stripe: {
      ...stripeConnectionFromEnv(e),
      ...(sandboxes.stripeUrl ? { sandboxUrl: sandboxes.stripeUrl } : {}),
      // One budget in the database for every instance: STRIPE_REQUESTS_PER_SECOND is the account's, not a share of it.
      limiter: sandboxes.limiter ?? { perSecond: e.STRIPE_REQUESTS_PER_SECOND ?? DEFAULT_PROVIDER_RATE_PER_SECOND, shared: true },
    },
    paypal: { ...paypalConnectionFromEnv(e), ...(sandboxes.paypalUrl ? { sandboxUrl: sandboxes.paypalUrl } : {}) },
  };
}

const g = globalThis as unknown as { __appServices?: Services; __clockOffset?: { ms: Promise<number>; readAt: number } };

/** How long a process reuses the time-travel offset it read (demo and embedded only; production never reads it). */
export const CLOCK_OFFSET_REUSE_MS = 1_000;

/**
 * The app's services: built once per process (one database pool, one Stripe limiter shared by every request and
 * cron run), with the (time-travel aware) clock read fresh for each request — or, with `clock: "recent"`, an offset
 * read within CLOCK_OFFSET_REUSE_MS (the lesson page's poll only: a poll that saw the old clock for a second more is
 * corrected by the next one, while a cron run or a command that acted on a stale clock would act at the wrong time).
 */
export async function appServices(opts: { clock?: "fresh" | "recent" } = {}): Promise<Services> {
  g.__appServices ??= createServices({ db: appDb(), ...servicesConfigFromEnv(env()) });
  const base = g.__appServices;
  // Only on the embedded database or in explicit demo mode; production refuses ALLOW_TIME_TRAVEL at start-up. Polls
  // read it at most once per CLOCK_OFFSET_REUSE_MS per process, so a busy page's polls do not each pay a query for it.
  const enabled = demoFeatures().timeTravel;
  if (!enabled) return { ...base, now: offsetClock(0) };
  // eslint-disable-next-line no-restricted-syntax -- the machine's clock ages the cached offset (not the app's time)
  const at = Date.now();
  const cached = g.__clockOffset;
  // the read itself is shared, so requests arriving together after it expired wait for one query, not one each
  if (!cached || opts.clock !== "recent" || at - cached.readAt >= CLOCK_OFFSET_REUSE_MS) {
    const ms = readClockOffsetMs(base.db, true);
    g.__clockOffset = { ms, readAt: at };
    ms.catch(() => {
      if (g.__clockOffset?.ms === ms) g.__clockOffset = undefined; // a failed read is not reused
    });
  }
  return { ...base, now: offsetClock(await g.__clockOffset!.ms) };
}
