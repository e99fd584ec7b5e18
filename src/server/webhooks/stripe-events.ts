import "server-only";
// Stripe webhooks: at least once, in no particular order. Each event is applied once:
// its id is stored in the same transaction as its effect, and its effect is a lifecycle
// command, so a duplicate or a late, older event is a no-op rather than a regression.
import { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/server/errors";
import { applyCommand } from "~/server/lifecycle/apply-command";
import type { Command } from "~/server/lifecycle/types";
import { isProviderError } from "~/server/providers/errors";
import { commandFromIntent, OBSERVER, refundCommand } from "~/server/providers/mapping";
import type { StripeWebhookEvent } from "~/server/providers/stripe";
import type { Services } from "~/server/services";
import { handleStripeDisputeEvent } from "./stripe-disputes";

export type WebhookResult = { status: "applied" | "duplicate" | "ignored"; eventId: string; type: string };

export function verifyStripeEvent(services: Services, rawBody: string, signature: string | null): StripeWebhookEvent {
  if (!signature) throw new AppError("BAD_INPUT", "Missing Stripe-Signature header.");
  try {
    return services.stripe.constructWebhookEvent(rawBody, signature);
  } catch (err) {
    const why = isProviderError(err) ? err.failure.message : err instanceof Error ? err.message : String(err);
    throw new AppError("BAD_INPUT", `Webhook signature verification failed: ${why}`);
  }
}

/** The PaymentIntent events that report a state we record (the hold placed, captured, released or lapsed). */
const STATE_EVENTS = new Set(["payment_intent.amount_capturable_updated", "payment_intent.succeeded", "payment_intent.canceled"]);

/**
 * The lifecycle command an event implies, if any: the state of the object it carries, read through the provider-state
 * mapping. Other PaymentIntent events (payment_failed …) are left to the operation worker, which records its own
 * authorization attempts.
 */
export function commandForEvent(event: StripeWebhookEvent, knownRefunded: number): Command | null {
  if (event.object === "payment_intent") {
    return STATE_EVENTS.has(event.type) ? commandFromIntent(event.paymentIntent, OBSERVER) : null;
  }
  if (event.object === "charge" && event.type === "charge.refunded") {
    return refundCommand({ totalRefunded: event.charge.amountRefunded, knownRefunded });
  }
  return null;
}

export async function handleStripeEvent(services: Services, event: StripeWebhookEvent): Promise<WebhookResult> {
  if (event.object === "dispute") return handleStripeDisputeEvent(services, event);
  const base = { eventId: event.eventId, type: event.type };
  const { db } = services;
  if (await db.processedWebhookEvent.findUnique({ where: { id: event.eventId } })) return { status: "duplicate", ...base };

  const piId =
    event.object === "payment_intent"
      ? event.paymentIntent.paymentIntentId
      : event.object === "charge"
        ? event.charge.paymentIntentId
        : null;
  const metaPaymentId = event.object === "payment_intent" ? event.paymentIntent.metadata.paymentId : undefined;
  const payment = piId
    ? ((await db.payment.findUnique({ where: { providerPaymentIntentId: piId } })) ??
      (metaPaymentId ? await db.payment.findUnique({ where: { id: metaPaymentId } }) : null))
    : null;
  const command = payment ? commandForEvent(event, payment.amountRefunded) : null;
  const record = (tx: Prisma.TransactionClient) =>
    tx.processedWebhookEvent
      .create({ data: { id: event.eventId, provider: "stripe", type: event.type, processedAt: services.now() } })
      .then(() => {});

  try {
    if (!payment || !command) {
      await record(db);
      return { status: "ignored", ...base };
    }
    await applyCommand(services, payment.lessonId, command, { type: "WEBHOOK", id: event.eventId }, { alsoInTransaction: record });
    return { status: "applied", ...base };
  } catch (err) {
    // The same event delivered twice at once: the second insert loses, and its transaction rolls back.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") return { status: "duplicate", ...base };
    throw err;
  }
}
