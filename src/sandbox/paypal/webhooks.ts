// PayPal webhook events (PAYMENT.PAYOUTSBATCH.* and PAYMENT.PAYOUTS-ITEM.*), signed as PayPal signs them: the headers
// PAYPAL-TRANSMISSION-ID, -TIME, -SIG, PAYPAL-CERT-URL and PAYPAL-AUTH-ALGO, where the signature is SHA256withRSA over
// `transmission_id|transmission_time|webhook_id|crc32(raw body)`. A receiver verifies with
// POST /v1/notifications/verify-webhook-signature (verifyWebhookSignature below), as against PayPal.
// Simplification: the key is generated per process and the cert URL serves no certificate; only this sandbox's API
// can verify its signatures.
import { createSign, createVerify, generateKeyPairSync } from "node:crypto";
import { crc32 } from "node:zlib";
import { randomToken } from "../shared/ids";
import { PayPalApiError } from "./errors";

/** The id of the one webhook the sandbox delivers to (PayPal gives each registered webhook its own). */
export const SANDBOX_WEBHOOK_ID = "WH-LOCAL-SANDBOX-0000000000000001";
const AUTH_ALGO = "SHA256withRSA";
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });

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

const certUrl = (baseUrl: string) => `${baseUrl}/v1/notifications/certs/CERT-local-sandbox`;
const signedString = (transmissionId: string, time: string, webhookId: string, body: string) =>
  `${transmissionId}|${time}|${webhookId}|${crc32(body)}`;

export function paypalWebhookHeaders(baseUrl: string, nowMs: number, payload: string): Record<string, string> {
  const transmissionId = randomToken(36, "0123456789abcdef");
  const time = new Date(nowMs).toISOString();
  const sig = createSign("sha256")
    .update(signedString(transmissionId, time, SANDBOX_WEBHOOK_ID, payload))
    .sign(keys.privateKey, "base64");
  return {
    "PAYPAL-TRANSMISSION-ID": transmissionId,
    "PAYPAL-TRANSMISSION-TIME": time,
    "PAYPAL-TRANSMISSION-SIG": sig,
    "PAYPAL-CERT-URL": certUrl(baseUrl),
    "PAYPAL-AUTH-ALGO": AUTH_ALGO,
    "User-Agent": "PayPal/AUHD-214.0-sandbox",
  };
}

const FIELDS = ["auth_algo", "cert_url", "transmission_id", "transmission_sig", "transmission_time", "webhook_id", "webhook_event"];

/**
 * POST /v1/notifications/verify-webhook-signature. Like PayPal, it checks the signature against the event it is
 * given (re-serialised: the sandbox's own payloads are JSON.stringify output, so an untouched event round-trips) and
 * answers 200 with SUCCESS or FAILURE; a request missing a field is a 400 VALIDATION_ERROR.
 */
export function verifyWebhookSignature(baseUrl: string, body: unknown): { status: number; body: unknown } {
  const b = (body ?? {}) as Record<string, unknown>;
  const missing = FIELDS.filter((f) => b[f] === undefined || b[f] === null || b[f] === "");
  if (missing.length > 0) {
    throw new PayPalApiError(
      400,
      "VALIDATION_ERROR",
      "Invalid request - see details",
      missing.map((field) => ({ field, location: "body", issue: "MISSING_REQUIRED_PARAMETER" })),
    );
  }
  const str = (k: string) => String(b[k]);
  let valid = str("auth_algo") === AUTH_ALGO && str("cert_url") === certUrl(baseUrl) && str("webhook_id") === SANDBOX_WEBHOOK_ID;
  if (valid) {
    const message = signedString(str("transmission_id"), str("transmission_time"), str("webhook_id"), JSON.stringify(b.webhook_event));
    try {
      valid = createVerify("sha256").update(message).verify(keys.publicKey, str("transmission_sig"), "base64");
    } catch {
      valid = false;
    }
  }
  return { status: 200, body: { verification_status: valid ? "SUCCESS" : "FAILURE" } };
}
