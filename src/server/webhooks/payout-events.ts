import "server-only";
// Payout-side webhooks. Neither body is trusted for the outcome: a Stripe transfer
// event is verified by signature and then the transfer is re-read; a PayPal event (verified
// with PayPal by the route first) only tells us which payout to look at, and the item's
// status is fetched from PayPal itself.
import { Prisma } from "~/generated/prisma/client";
import { applyPayoutUpdate } from "~/server/payouts/payout-state";
import { trackPayPalPayout } from "~/server/payouts/send-payout";
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { payoutIdOfTransferGroup, payoutUpdateFromTransfer, transferRelation } from "~/server/providers/mapping";
import type { StripeWebhookEvent } from "~/server/providers/stripe";
import type { Services } from "~/server/services";

/**
 * A transfer event returns money from the payout it pays, to the cent, and only when the transfer is that payout's own
 * (the recorded transfer id, not just a transfer_group label anyone can copy): a transfer that names one of our payouts
 * but is not its transfer raises an alert and changes nothing.
 */
export async function handleTransferEvent(services: Services, event: Extract<StripeWebhookEvent, { object: "transfer" }>) {
  const base = { eventId: event.eventId, type: event.type };
  const { db } = services;
  if (await db.processedWebhookEvent.findUnique({ where: { id: event.eventId } })) return { status: "duplicate" as const, ...base };
  const payoutId = payoutIdOfTransferGroup(event.transfer.transferGroup);
  const payout =
    (payoutId ? await db.payout.findUnique({ where: { id: payoutId } }) : null) ??
    (await db.payout.findFirst({ where: { providerId: event.transfer.transferId } }));
  const relation = transferRelation(event.transfer, payout);
  let status: "applied" | "ignored" | "recorded" = "ignored";
  if (payout && relation === "STRAY") {
    const now = services.now();
    await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Payout" WHERE id = ${payout.id} FOR UPDATE`;
      await raiseAlertOnce(
        tx,
        {
          type: "TRANSFER_MISMATCH",
          severity: "CRITICAL",
          subjectType: "PAYOUT",
          subjectId: payout.id,
          message:
            `Stripe transfer ${event.transfer.transferId} (${event.type}) names this payout but is not its transfer ` +
            `(${payout.providerId ?? "none recorded"}); nothing was changed. Check the transfer in the Stripe Dashboard.`,
        },
        now,
      );
    });
    status = "recorded";
  } else if (payout && relation === "CURRENT" && REVERSAL_EVENTS.has(event.type)) {
    // The event body may be stale or partial: the transfer (with every reversal) is read again.
    const update = payoutUpdateFromTransfer(await services.stripe.retrieveTransfer(event.transfer.transferId));
    if (update.returns?.length) {
      const r = await applyPayoutUpdate(
        services,
        payout.id,
        { ...update, reason: "Stripe transfer reversed" },
        { type: "WEBHOOK", id: event.eventId },
      );
      status = r.changed ? "applied" : "ignored";
    }
  }
  try {
    await db.processedWebhookEvent.create({
      data: { id: event.eventId, provider: "stripe", type: event.type, processedAt: services.now() },
    });
  } catch (err) {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")) throw err;
  }
  return { status, ...base };
}

/** Transfer events that can carry a reversal (Stripe sends transfer.reversed for partial reversals too). */
const REVERSAL_EVENTS = new Set(["transfer.reversed", "transfer.updated"]);

export async function handlePayPalEvent(services: Services, body: unknown) {
  const resource = (body as { resource?: Record<string, unknown> } | null)?.resource ?? {};
  const itemId = typeof resource.payout_item_id === "string" ? resource.payout_item_id : null;
  const header = resource.batch_header as { sender_batch_header?: { sender_batch_id?: string } } | undefined;
  const senderBatchId =
    typeof resource.sender_batch_id === "string" ? resource.sender_batch_id : (header?.sender_batch_header?.sender_batch_id ?? null);
  const payout =
    (itemId ? await services.db.payout.findFirst({ where: { providerItemId: itemId } }) : null) ??
    (senderBatchId ? await services.db.payout.findUnique({ where: { id: senderBatchId } }) : null);
  if (!payout) return { status: "ignored" as const };
  const update = await trackPayPalPayout(services, payout);
  if (!update) return { status: "ignored" as const };
  const r = await applyPayoutUpdate(services, payout.id, update, { type: "WEBHOOK", id: "paypal" });
  return { status: r.changed ? ("applied" as const) : ("duplicate" as const) };
}
