// Lapsed holds. Evaluated lazily on every API request and whenever the sandbox
// clock moves: an uncaptured PaymentIntent whose charge passed `capture_before`
// becomes `canceled` with `cancellation_reason: "automatic"`, the charge is
// released, and `charge.expired` + `payment_intent.canceled` are emitted, dated at
// the deadline itself.
import type { StripeContext } from "./state";
import { bump } from "../shared/counters";
import { releaseHold } from "./payment-intents";

export function expireAuthorizations(ctx: StripeContext): number {
  let expired = 0;
  for (const pi of ctx.state.paymentIntents.values()) {
    if (pi.status !== "requires_capture" || !pi.latest_charge) continue;
    const charge = ctx.state.charges.get(pi.latest_charge);
    const deadline = charge?.payment_method_details.card.capture_before;
    if (!charge || deadline === undefined || ctx.now < deadline * 1000) continue;
    releaseHold(ctx, pi);
    pi.status = "canceled";
    pi.canceled_at = deadline;
    pi.cancellation_reason = "automatic";
    pi.next_action = null;
    bump(ctx.state.counters.cancels, pi.id);
    ctx.emit("charge.expired", charge, { createdMs: deadline * 1000 });
    ctx.emit("payment_intent.canceled", pi, { createdMs: deadline * 1000 });
    expired++;
  }
  return expired;
}
