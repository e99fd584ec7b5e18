// Verifying a PayPal webhook delivery before anything acts on it: the PAYPAL-* transmission headers and the event go to
// PayPal's verify-webhook-signature API with our webhook's id; anything but SUCCESS is refused. Without this, anyone
// who knows a payout id could make us call PayPal about it.
import "server-only";
import type { Env } from "~/env";
import { isProviderError } from "../errors";
import type { PayPalGateway } from "./types";

/** The local sandbox (src/sandbox/paypal/webhooks.ts) signs as the webhook with this id; real PayPal needs PAYPAL_WEBHOOK_ID. */
export const LOCAL_SANDBOX_WEBHOOK_ID = "WH-LOCAL-SANDBOX-0000000000000001";

export function paypalWebhookId(e: Pick<Env, "PAYPAL_WEBHOOK_ID" | "PAYPAL_CLIENT_ID">): string | null {
  return e.PAYPAL_WEBHOOK_ID ?? (e.PAYPAL_CLIENT_ID ? null : LOCAL_SANDBOX_WEBHOOK_ID);
}

export type PayPalWebhookVerdict = { ok: true } | { ok: false; status: 400 | 503; error: string };

export async function verifyPayPalWebhook(
  gateway: PayPalGateway,
  webhookId: string | null,
  headers: Headers,
  event: unknown,
): Promise<PayPalWebhookVerdict> {
  if (!webhookId)
    return { ok: false, status: 400, error: "PAYPAL_WEBHOOK_ID is not configured: PayPal events cannot be verified, so none is accepted." };
  const h = (name: string) => headers.get(name) ?? "";
  const input = {
    authAlgo: h("paypal-auth-algo"),
    certUrl: h("paypal-cert-url"),
    transmissionId: h("paypal-transmission-id"),
    transmissionSig: h("paypal-transmission-sig"),
    transmissionTime: h("paypal-transmission-time"),
    webhookId,
    event,
  };
  if (!input.authAlgo || !input.certUrl || !input.transmissionId || !input.transmissionSig || !input.transmissionTime) {
    return {
      ok: false,
      status: 400,
      error: "Unsigned: the PAYPAL-TRANSMISSION-* / PAYPAL-CERT-URL / PAYPAL-AUTH-ALGO headers are missing.",
    };
  }
  try {
    return (await gateway.verifyWebhookSignature(input))
      ? { ok: true }
      : { ok: false, status: 400, error: "The PayPal signature does not verify for this event." };
  } catch (err) {
    // PayPal could not answer: a 503 makes PayPal deliver the event again later.
    if (isProviderError(err))
      return { ok: false, status: 503, error: "PayPal could not verify the event now; it will be delivered again." };
    throw err;
  }
}
