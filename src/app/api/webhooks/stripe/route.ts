import { after } from "next/server";
import { isAppError } from "~/server/errors";
import { releaseStrayObjects } from "~/server/payments/stray-objects";
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
  // A stray hold or charge is released after the response (the sweep retries it if this does not finish).
  if ("releaseRequested" in result && result.releaseRequested) {
    after(() => releaseStrayObjects(services).catch((err) => console.error("stray release failed (the sweep will retry):", err)));
  }
  return Response.json(result);
}
