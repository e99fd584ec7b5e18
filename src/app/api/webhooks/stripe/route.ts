import { isAppError } from "~/server/errors";
import { appServices } from "~/server/services";
import { handleTransferEvent } from "~/server/webhooks/payout-events";
import { handleStripeEvent, verifyStripeEvent } from "~/server/webhooks/stripe-events";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const services = await appServices();
  // The signature covers the exact bytes Stripe sent: read the raw text, never parsed JSON.
  const raw = await req.text();
  let event;
  try {
    event = verifyStripeEvent(services, raw, req.headers.get("stripe-signature"));
  } catch (err) {
    return Response.json({ error: isAppError(err) ? err.message : "Invalid webhook" }, { status: 400 });
  }
  const result = event.object === "transfer" ? await handleTransferEvent(services, event) : await handleStripeEvent(services, event);
  return Response.json(result);
}
