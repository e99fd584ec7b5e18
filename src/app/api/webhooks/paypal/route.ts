import { env } from "~/env";
import { paypalWebhookId, verifyPayPalWebhook } from "~/server/providers/paypal";
import { appServices } from "~/server/services";
import { handlePayPalEvent } from "~/server/webhooks/payout-events";

export const dynamic = "force-dynamic";

/**
 * PAYMENT.PAYOUTS-ITEM.* / PAYMENT.PAYOUTSBATCH.*: verified with PayPal first (400 for an unsigned or wrongly signed
 * event, and nothing is read or changed), then only a hint to re-read the payout from PayPal.
 */
export async function POST(req: Request) {
  const body: unknown = await req.json().catch(() => null);
  if (!body || typeof body !== "object") return Response.json({ error: "Expected a JSON body" }, { status: 400 });
  const services = await appServices();
  const verdict = await verifyPayPalWebhook(services.paypal, paypalWebhookId(env()), req.headers, body);
  if (!verdict.ok) return Response.json({ error: verdict.error }, { status: verdict.status });
  return Response.json(await handlePayPalEvent(services, body));
}
