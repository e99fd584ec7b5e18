// PayPal webhook events (PAYMENT.PAYOUTSBATCH.* and PAYMENT.PAYOUTS-ITEM.*).
// Simplification: deliveries are NOT signed. Real PayPal sends
// PAYPAL-TRANSMISSION-SIG / PAYPAL-CERT-URL / PAYPAL-AUTH-ALGO headers that a
// receiver verifies with POST /v1/notifications/verify-webhook-signature; the
// sandbox sends only PAYPAL-TRANSMISSION-ID and PAYPAL-TRANSMISSION-TIME, so a
// receiver that insists on verification must skip it in sandbox mode.
import { randomToken } from "../shared/ids";

export function buildPayPalEvent(
  baseUrl: string,
  nowMs: number,
  eventType: string,
  resourceType: string,
  resource: Record<string, unknown>,
  summary: string,
) {
  const id = `WH-${randomToken(17, "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")}`;
  return {
    id,
    event_version: "1.0",
    create_time: new Date(nowMs).toISOString(),
    resource_type: resourceType,
    event_type: eventType,
    summary,
    resource,
    links: [
      { href: `${baseUrl}/v1/notifications/webhooks-events/${id}`, rel: "self", method: "GET" },
      { href: `${baseUrl}/v1/notifications/webhooks-events/${id}/resend`, rel: "resend", method: "POST" },
    ],
  };
}

export function paypalWebhookHeaders(): Record<string, string> {
  return {
    "PAYPAL-TRANSMISSION-ID": randomToken(36, "0123456789abcdef"),
    "PAYPAL-TRANSMISSION-TIME": new Date().toISOString(),
    "User-Agent": "PayPal/AUHD-214.0-sandbox",
  };
}
