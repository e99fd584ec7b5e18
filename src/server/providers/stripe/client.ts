// The stripe-node client, pointed at api.stripe.com with a secret key, or at the local sandbox (src/sandbox/stripe)
// without one.
import "server-only";
import Stripe from "stripe";
import { GatedHttpClient } from "./gated-http-client";

export interface StripeClientConfig {
  /** sk_test_…/sk_live_…; absent = the local sandbox. */
  secretKey?: string;
  /** Where the sandbox listens (default http://127.0.0.1:12111). */
  sandboxUrl?: string;
  /** Per-request timeout; a hung request becomes an `ambiguous` ProviderError. Default 10 s. */
  timeoutMs?: number;
  /**
   * SDK-level retries (default 0: the app's operation worker retries, reconciling first).
   * Note stripe-node still retries a *closed connection* once even at 0, reusing the
   * request's idempotency key, so that retry is safe.
   */
  maxNetworkRetries?: number;
}

export function createStripeClient(config: StripeClientConfig = {}): Stripe {
  const timeout = config.timeoutMs ?? 10_000;
  const maxNetworkRetries = config.maxNetworkRetries ?? 0;
  if (config.secretKey) {
    return new Stripe(config.secretKey, { timeout, maxNetworkRetries, appInfo: { name: "lesson-pay" }, httpClient: new GatedHttpClient() });
  }
  const url = new URL(config.sandboxUrl ?? "http://127.0.0.1:12111");
  const protocol = url.protocol === "https:" ? "https" : "http";
  return new Stripe("sk_test_sandbox", {
    host: url.hostname,
    port: Number(url.port || (protocol === "https" ? 443 : 80)),
    protocol,
    timeout,
    maxNetworkRetries,
    httpClient: new GatedHttpClient(),
  });
}
