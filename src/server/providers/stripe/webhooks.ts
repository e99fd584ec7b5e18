// Webhook signatures (on the raw body) and the event → plain snapshot mapping.
import "server-only";
import type Stripe from "stripe";
import { ProviderError } from "../errors";
import { toAccountSnapshot, toChargeSnapshot, toPaymentIntentSnapshot, toTransferSnapshot } from "./mappers";
import { toDisputeSnapshot } from "./disputes";
import type { EventBase, StripeGateway, StripeGatewayOptions, StripeWebhookEvent } from "./types";

export function stripeWebhooks(stripe: Stripe, opts: StripeGatewayOptions): Pick<StripeGateway, "constructWebhookEvent"> {
  return {
    constructWebhookEvent: (rawBody, signatureHeader, secret) => {
      const key = secret ?? opts.webhookSecret;
      if (!key) throw new Error("constructWebhookEvent needs a webhook secret");
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signatureHeader, key);
      } catch (err) {
        throw new ProviderError(
          { kind: "auth", provider: "stripe", code: "webhook_signature_invalid", message: (err as Error).message },
          { cause: err },
        );
      }
      return toWebhookEvent(event);
    },
  };
}

export function toWebhookEvent(event: Stripe.Event): StripeWebhookEvent {
  const base: EventBase = { eventId: event.id, type: event.type, created: new Date(event.created * 1000) };
  const obj = event.data.object as unknown as { object?: string; id?: string };
  switch (obj.object) {
    case "payment_intent":
      return { ...base, object: "payment_intent", paymentIntent: toPaymentIntentSnapshot(obj as unknown as Stripe.PaymentIntent) };
    case "charge":
      return { ...base, object: "charge", charge: toChargeSnapshot(obj as unknown as Stripe.Charge) };
    case "account":
      return { ...base, object: "account", account: toAccountSnapshot(obj as unknown as Stripe.Account) };
    case "transfer":
      return { ...base, object: "transfer", transfer: toTransferSnapshot(obj as unknown as Stripe.Transfer) };
    case "dispute":
      return { ...base, object: "dispute", dispute: toDisputeSnapshot(obj as unknown as Stripe.Dispute) };
    default:
      return { ...base, object: "other", objectType: obj.object ?? "unknown", objectId: obj.id ?? null };
  }
}
