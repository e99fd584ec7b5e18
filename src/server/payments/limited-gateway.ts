import "server-only";
import type { StripeGateway } from "~/server/providers/stripe";
import type { ProviderLimiter } from "./rate-limiter";

/** The same gateway, with every provider request passed through the rate limiter. */
export function limitedGateway(stripe: StripeGateway, limiter: ProviderLimiter): StripeGateway {
  return new Proxy(stripe, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || prop === "constructWebhookEvent") return value;
      const call =
        (...args: unknown[]) =>
        () =>
          (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      return (...args: unknown[]) => (limiter.gated ? limiter.gated(call(...args)) : limiter.schedule(call(...args)));
    },
  });
}
