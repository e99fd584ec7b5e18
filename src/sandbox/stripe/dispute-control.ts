// The control plane's dispute calls (tests, the demo, reconciliation drills): open a dispute on any captured charge,
// and decide one the way the card network would (won or lost), with the events Stripe sends.
//   POST /_sandbox/disputes                 { charge | payment_intent, reason?, inquiry?, amount? }
//   POST /_sandbox/disputes/:id/outcome     { outcome: "won" | "lost" }
import type { Json, StripeContext } from "./state";
import { snapshot } from "./state";
import { closeDisputeAs, getDispute, openDispute } from "./disputes";
import { getCharge } from "./charges";
import { getPaymentIntent } from "./payment-intents";

function str(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !v) throw new Error(`${name} must be a non-empty string`);
  return v;
}

export function disputeControlRoute(ctx: StripeContext, route: string, body: Record<string, unknown>): Json | undefined {
  if (route === "POST /disputes") {
    const piId = str(body, "payment_intent");
    const chargeId = str(body, "charge") ?? (piId ? getPaymentIntent(ctx, piId).latest_charge : undefined);
    if (!chargeId) throw new Error("charge or payment_intent (with a charge) is required");
    if (body.amount !== undefined && (typeof body.amount !== "number" || !Number.isInteger(body.amount)))
      throw new Error("amount must be an integer");
    if (body.inquiry !== undefined && typeof body.inquiry !== "boolean") throw new Error("inquiry must be a boolean");
    const dispute = openDispute(ctx, getCharge(ctx, chargeId), {
      reason: str(body, "reason"),
      inquiry: body.inquiry,
      amount: body.amount as number | undefined,
    });
    return snapshot(dispute);
  }
  const outcome = /^POST \/disputes\/([^/]+)\/outcome$/.exec(route);
  if (outcome) {
    const wanted = body.outcome;
    if (wanted !== "won" && wanted !== "lost") throw new Error('outcome must be "won" or "lost"');
    return snapshot(closeDisputeAs(ctx, getDispute(ctx, outcome[1] ?? ""), wanted));
  }
  return undefined;
}
