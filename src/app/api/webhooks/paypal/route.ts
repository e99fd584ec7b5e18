import { appServices } from "~/server/services";
import { handlePayPalEvent } from "~/server/webhooks/payout-events";

export const dynamic = "force-dynamic";

/** PAYMENT.PAYOUTS-ITEM.* / PAYMENT.PAYOUTSBATCH.*: a hint to re-read the payout from PayPal. */
export async function POST(req: Request) {
  const body = await req.json().catch(() => null);
  if (!body) return Response.json({ error: "Expected a JSON body" }, { status: 400 });
  const services = await appServices();
  return Response.json(await handlePayPalEvent(services, body));
}
