import type { Db } from "../../src/server/db/client";
import { defaultPolicy } from "../../src/server/lifecycle/policy";
import { limitedGateway } from "../../src/server/payments/limited-gateway";
import { createProviderLimiter } from "../../src/server/payments/rate-limiter";
import { createPayPalClient, createPayPalGateway } from "../../src/server/providers/paypal";
import { createStripeClient, createStripeGateway } from "../../src/server/providers/stripe";
import type { Services } from "../../src/server/services";
import { offsetClock } from "../../src/server/time-travel";

/** The app's services, pointed at the sandboxes this runner just started (for the demo seed). */
export function seedServices(db: Db, stripeUrl: string, paypalUrl: string, clockOffsetMs: number): Services {
  return {
    db,
    policy: defaultPolicy,
    now: offsetClock(clockOffsetMs),
    stripe: limitedGateway(createStripeGateway(createStripeClient({ sandboxUrl: stripeUrl })), createProviderLimiter({ perSecond: 50 })),
    paypal: createPayPalGateway(createPayPalClient({ sandboxUrl: paypalUrl })),
  };
}
