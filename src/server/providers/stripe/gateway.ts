// The gateway: the three concerns (payments, Connect, webhooks) on one client, and the process's env-configured one.
import "server-only";
import type Stripe from "stripe";
import { env } from "~/env";
import { createStripeClient, type StripeClientConfig } from "./client";
import { stripeConnect } from "./connect";
import { stripeDisputes } from "./disputes";
import { stripeListing } from "./lists";
import { stripePayments } from "./payments";
import type { StripeGateway, StripeGatewayOptions } from "./types";
import { stripeWebhooks } from "./webhooks";

export function createStripeGateway(
  stripe: Stripe,
  opts: StripeGatewayOptions = {},
  mode: StripeGateway["mode"] = "sandbox",
): StripeGateway {
  return {
    mode,
    ...stripePayments(stripe),
    ...stripeConnect(stripe),
    ...stripeListing(stripe),
    ...stripeDisputes(stripe),
    ...stripeWebhooks(stripe, opts),
  };
}

/** How to reach Stripe: a secret key (test or live), or the local sandbox's URL. */
export interface StripeConnection extends StripeClientConfig {
  webhookSecret?: string;
}

/** "sandbox" without a key, "live" for an sk_live_ key, "test" otherwise. */
export function stripeModeOf(secretKey: string | undefined): StripeGateway["mode"] {
  return !secretKey ? "sandbox" : secretKey.includes("_live_") ? "live" : "test";
}

/** A gateway for this connection: the client, the webhook secret and the mode its key implies. */
export function connectStripe(connection: StripeConnection): StripeGateway {
  const { webhookSecret, ...client } = connection;
  return createStripeGateway(createStripeClient(client), { webhookSecret }, stripeModeOf(connection.secretKey));
}

/** The environment's connection: STRIPE_SECRET_KEY, or the sandbox on STRIPE_SANDBOX_PORT. */
export function stripeConnectionFromEnv(
  e: Pick<ReturnType<typeof env>, "STRIPE_SECRET_KEY" | "STRIPE_SANDBOX_PORT" | "STRIPE_WEBHOOK_SECRET">,
) {
  return {
    secretKey: e.STRIPE_SECRET_KEY,
    sandboxUrl: `http://127.0.0.1:${e.STRIPE_SANDBOX_PORT}`,
    webhookSecret: e.STRIPE_WEBHOOK_SECRET,
  } satisfies StripeConnection;
}

let cached: StripeGateway | undefined;

/** The gateway for this process: sandbox on STRIPE_SANDBOX_PORT without keys, real Stripe with STRIPE_SECRET_KEY. */
export function stripeFromEnv(): StripeGateway {
  cached ??= connectStripe(stripeConnectionFromEnv(env()));
  return cached;
}
