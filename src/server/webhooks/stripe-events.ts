import "server-only";
// Stripe webhooks: at least once, in no particular order. Each event is applied once:
// its id is stored in the same transaction as its effect, and its effect is a lifecycle
// command, so a duplicate or a late, older event is a no-op rather than a regression.
import { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/server/errors";
import { applyCommand } from "~/server/lifecycle/apply-command";
import type { Command } from "~/server/lifecycle/types";
import { isProviderError } from "~/server/providers/errors";
import { recordIntentObservation } from "~/server/payments/stray-objects";
import {
  chargeRelation,
  commandFromIntent,
  OBSERVER,
  type ObjectRelation,
  paymentIntentRelation,
  refundCommand,
} from "~/server/providers/mapping";
import type { ChargeSnapshot, StripeWebhookEvent } from "~/server/providers/stripe";
import { LIVE_OPERATION_STATES } from "~/shared/statuses";
import type { Services } from "~/server/services";
import { handleStripeDisputeEvent } from "./stripe-disputes";

/**
 * applied: it changed the payment it is about; recorded: it is about another object of ours (stored, released if it
 * holds money, never applied); ignored: nothing to do (or an object we cannot tie to a payment).
 */
export type WebhookResult = {
  status: "applied" | "duplicate" | "ignored" | "recorded";
  eventId: string;
  type: string;
  /** a stray hold or charge whose release this event asked for (perform it after the response) */
  releaseRequested?: boolean;
};

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

type PaymentRow = NonNullable<Awaited<ReturnType<Services["db"]["payment"]["findUnique"]>>>;

/** The payment a PaymentIntent is about: the one it is current for, else the one its metadata (or our record of it) names. */
async function paymentOfIntent(db: Services["db"], piId: string | null, metaPaymentId?: string): Promise<PaymentRow | null> {
  if (!piId) return null;
  const current = await db.payment.findUnique({ where: { providerPaymentIntentId: piId } });
  if (current) return current;
  const named = metaPaymentId ?? (await db.providerObject.findUnique({ where: { id: piId } }))?.paymentId ?? undefined;
  return named ? db.payment.findUnique({ where: { id: named } }) : null;
}

/**
 * An event changes a payment only when it is about that payment's CURRENT object (provider-object relation in the
 * mapping). Any other object of ours is recorded, and released if it holds money; an object we cannot tie to a
 * payment is recorded as UNKNOWN and ignored.
 */
export async function handleStripeEvent(services: Services, event: StripeWebhookEvent): Promise<WebhookResult> {
  if (event.object === "dispute") return handleStripeDisputeEvent(services, event);
  const base = { eventId: event.eventId, type: event.type };
  const { db } = services;
  if (await db.processedWebhookEvent.findUnique({ where: { id: event.eventId } })) return { status: "duplicate", ...base };
  const record = (tx: Prisma.TransactionClient) =>
    tx.processedWebhookEvent
      .create({ data: { id: event.eventId, provider: "stripe", type: event.type, processedAt: services.now() } })
      .then(() => {});

  try {
    if (event.object !== "payment_intent" && event.object !== "charge") {
      await record(db);
      return { status: "ignored", ...base };
    }
    const piId = event.object === "payment_intent" ? event.paymentIntent.paymentIntentId : event.charge.paymentIntentId;
    const payment = await paymentOfIntent(db, piId, event.object === "payment_intent" ? event.paymentIntent.metadata.paymentId : undefined);
    const relation =
      event.object === "payment_intent" ? paymentIntentRelation(event.paymentIntent, payment) : chargeRelation(event.charge, payment);

    if (relation === "CURRENT" && payment) {
      const command = commandForEvent(event, payment.amountRefunded);
      if (!command) {
        await record(db);
        return { status: "ignored", ...base };
      }
      await applyCommand(services, payment.lessonId, command, { type: "WEBHOOK", id: event.eventId }, { alsoInTransaction: record });
      return { status: "applied", ...base };
    }

    // Not the payment's current object. What the intent holds is read from the event when it is about the intent,
    // else from Stripe (a charge event does not say whether its intent still holds money); never from our payment.
    const pi = event.object === "payment_intent" ? event.paymentIntent : piId ? await services.stripe.retrievePaymentIntent(piId) : null;
    const now = services.now();
    const releaseRequested = await db.$transaction(async (tx) => {
      await record(tx);
      if (event.object === "charge") await recordChargeObject(tx, event.charge, relation, payment, event.eventId, now);
      if (!pi) return false;
      // The worker may be committing this very intent as the payment's current one: wait for the payment's row lock
      // (applyCommand holds it until commit) and read again, so a hold just bound is never taken for a stray.
      if (payment !== null) {
        const [locked] = await tx.$queryRaw<{ pi: string | null }[]>`
          SELECT "providerPaymentIntentId" AS pi FROM "Payment" WHERE id = ${payment.id} FOR UPDATE`;
        if (locked?.pi === pi.paymentIntentId) return false;
      }
      // While an authorization of the payment is in flight, the intent may be the one it is creating: that operation
      // records it (and binds it); the sweep releases it later if it turns out to be a second one.
      const authorizing =
        payment !== null &&
        (await tx.paymentOperation.count({
          where: { paymentId: payment.id, kind: "AUTHORIZE", state: { in: [...LIVE_OPERATION_STATES] } },
        })) > 0;
      const r = await recordIntentObservation(
        tx,
        {
          pi,
          relation: relation === "UNKNOWN" ? "UNKNOWN" : "STRAY",
          payment,
          eventId: event.eventId,
          release: relation === "STRAY" && !authorizing,
        },
        now,
      );
      return r.releaseRequested;
    });
    return { status: relation === "UNKNOWN" ? "ignored" : "recorded", releaseRequested, ...base };
  } catch (err) {
    // The same event delivered twice at once: the second insert loses, and its transaction rolls back.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") return { status: "duplicate", ...base };
    throw err;
  }
}

async function recordChargeObject(
  tx: Prisma.TransactionClient,
  charge: ChargeSnapshot,
  relation: ObjectRelation,
  payment: PaymentRow | null,
  eventId: string,
  now: Date,
) {
  const data = {
    provider: "stripe",
    type: "charge",
    paymentId: payment?.id ?? null,
    relation,
    status: charge.refunded ? "refunded" : charge.captured ? "captured" : "uncaptured",
    amount: charge.amountCaptured || charge.amount,
    currency: null,
    lastSeenAt: now,
    lastEventId: eventId,
  };
  await tx.providerObject.upsert({
    where: { id: charge.chargeId },
    create: { id: charge.chargeId, ...data, firstSeenAt: now },
    update: data,
  });
}
