import "server-only";
// Stripe's charge.dispute.* events (created, updated, closed, funds_withdrawn, funds_reinstated). Each carries the
// whole dispute, so every one of them is read the same way: the dispute's current state, through the provider-state
// mapping, recorded by the lifecycle (DISPUTE_REPORTED is idempotent and never moves a dispute back, so duplicates
// and any order converge). The event id is stored with the change it made.
import { AppError } from "~/server/errors";
import { applyCommand } from "~/server/lifecycle/apply-command";
import { commandFromDispute } from "~/server/providers/mapping";
import type { StripeWebhookEvent } from "~/server/providers/stripe";
import type { Services } from "~/server/services";
import type { WebhookResult } from "./stripe-events";

type DisputeEvent = Extract<StripeWebhookEvent, { object: "dispute" }>;

export async function handleStripeDisputeEvent(services: Services, event: DisputeEvent): Promise<WebhookResult> {
  const base = { eventId: event.eventId, type: event.type };
  const { db } = services;
  if (await db.processedWebhookEvent.findUnique({ where: { id: event.eventId } })) return { status: "duplicate", ...base };
  const record = () => ({ data: { id: event.eventId, provider: "stripe", type: event.type, processedAt: services.now() } });
  const dp = event.dispute;
  // The dispute is about a charge of the payment's current PaymentIntent; anything else is not ours to move.
  const payment = dp.paymentIntentId ? await db.payment.findUnique({ where: { providerPaymentIntentId: dp.paymentIntentId } }) : null;
  const command = commandFromDispute(dp);
  if (!payment || !command) {
    await db.processedWebhookEvent.createMany({ ...record(), skipDuplicates: true });
    return { status: "ignored", ...base };
  }
  const result = await applyCommand(
    services,
    payment.lessonId,
    command,
    { type: "WEBHOOK", id: event.eventId },
    { onChanged: (tx) => tx.processedWebhookEvent.createMany({ ...record(), skipDuplicates: true }).then(() => {}) },
  );
  if (!result.ok) {
    // Not stored as processed: Stripe delivers it again (e.g. after our capture is recorded).
    throw new AppError("CONFLICT", `Dispute ${dp.disputeId} not applied yet: ${result.rejection.message}`);
  }
  return { status: result.changed ? "applied" : "duplicate", ...base };
}
