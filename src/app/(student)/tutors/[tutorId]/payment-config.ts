import "server-only";
import type { PaymentConfig } from "~/components/checkout/payment-config";
import { env, integrationModes } from "~/env";

/** Which card form the checkout shows, from the server's environment (see PaymentConfig). */
export function paymentConfig(): PaymentConfig {
  const e = env();
  if (integrationModes(e).stripe === "sandbox") {
    // The browser talks to the sandbox directly, as it would to api.stripe.com.
    return { mode: "sandbox", stripeUrl: `http://127.0.0.1:${e.STRIPE_SANDBOX_PORT}`, publishableKey: "pk_test_sandbox" };
  }
  if (e.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY) return { mode: "stripe-elements", publishableKey: e.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY };
  return {
    mode: "unavailable",
    reason:
      "Card payments are switched off: the server has a Stripe secret key but no publishable key. Nothing was charged; please try again later.",
  };
}
