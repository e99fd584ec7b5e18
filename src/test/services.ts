import { fixedClock } from "~/server/clock";
import type { Db } from "~/server/db/client";
import type { Policy } from "~/server/lifecycle/policy";
import { createServices, type Services } from "~/server/services";

/**
 * Services for a test: its own database, a movable clock, and (optionally) sandbox URLs. Without a sandbox URL that
 * provider is absent and any call to it rejects.
 */
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
  const timeoutMs = opts.timeoutMs ?? 3_000;
  const services = createServices({
    db,
    policy: opts.policy,
    now: clock.now,
    stripe: opts.stripeUrl
      ? { sandboxUrl: opts.stripeUrl, timeoutMs, webhookSecret: "whsec_sandbox", limiter: { perSecond: opts.perSecond ?? 1000 } }
      : null,
    paypal: opts.paypalUrl ? { sandboxUrl: opts.paypalUrl, timeoutMs } : null,
  });
  return { ...services, clock };
}
