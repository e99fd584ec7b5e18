// The @paypal/payouts-sdk client: PayPal's sandbox or live API with credentials, the local sandbox
// (src/sandbox/paypal) without.
import "server-only";
import { paypal, type paypalNs } from "./sdk";

export interface PayPalClientConfig {
  clientId?: string;
  clientSecret?: string;
  /** Which real PayPal host to use when credentials are given. */
  mode?: "sandbox" | "live";
  /** The local sandbox (default http://127.0.0.1:12112), used when there are no credentials. */
  sandboxUrl?: string;
  /** Per-request timeout (the SDK's default is 30 s). */
  timeoutMs?: number;
}

export type PayPalClient = InstanceType<typeof paypalNs.core.PayPalHttpClient>;

export function createPayPalClient(config: PayPalClientConfig = {}): PayPalClient {
  const timeoutMs = config.timeoutMs ?? 10_000;
  class TimedPayPalHttpClient extends paypal.core.PayPalHttpClient {
    // paypalhttp reads the socket timeout from here (30 s by default).
    getTimeout(): number {
      return timeoutMs;
    }
  }
  let environment: InstanceType<typeof paypalNs.core.PayPalEnvironment>;
  if (config.clientId && config.clientSecret) {
    environment =
      config.mode === "live"
        ? new paypal.core.LiveEnvironment(config.clientId, config.clientSecret)
        : new paypal.core.SandboxEnvironment(config.clientId, config.clientSecret);
  } else {
    const base = (config.sandboxUrl ?? "http://127.0.0.1:12112").replace(/\/$/, "");
    // The SDK caches tokens per client id for the whole process; a per-URL id keeps
    // tokens from one local sandbox from being offered to another.
    environment = new paypal.core.PayPalEnvironment(`sandbox-client@${base}`, "sandbox-secret", base, base);
  }
  return new TimedPayPalHttpClient(environment);
}
