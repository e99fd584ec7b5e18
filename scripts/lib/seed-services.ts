import type { Db } from "../../src/server/db/client";
import { createServices, type Services } from "../../src/server/services";
import { offsetClock } from "../../src/server/time-travel";

/** The app's services, pointed at the sandboxes this runner just started (for the demo seed). */
export function seedServices(db: Db, stripeUrl: string, paypalUrl: string, clockOffsetMs: number): Services {
  return createServices({
    db,
    now: offsetClock(clockOffsetMs),
    stripe: { sandboxUrl: stripeUrl, limiter: { perSecond: 50 } },
    paypal: { sandboxUrl: paypalUrl },
  });
}
