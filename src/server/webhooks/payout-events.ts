import "server-only";
// Payout-side webhooks. Neither body is trusted for the outcome: a Stripe transfer
// event is verified by signature and then the transfer is re-read; a PayPal event (verified
// with PayPal by the route first) only tells us which payout to look at, and the item's
// status is fetched from PayPal itself.
import { Prisma } from "~/generated/prisma/client";
import { applyPayoutUpdate } from "~/server/payouts/payout-state";
import { trackPayPalPayout } from "~/server/payouts/send-payout";
import { payoutIdOfTransferGroup, payoutUpdateFromTransfer } from "~/server/providers/mapping";
import type { StripeWebhookEvent } from "~/server/providers/stripe";
import type { Services } from "~/server/services";

export async function handleTransferEvent(services: Services, event: Extract<StripeWebhookEvent, { object: "transfer" }>) {
  const base = { eventId: event.eventId, type: event.type };
  if (await services.db.processedWebhookEvent.findUnique({ where: { id: event.eventId } }))
    return { status: "duplicate" as const, ...base };
  const payoutId = payoutIdOfTransferGroup(event.transfer.transferGroup);
  if (payoutId && (event.type === "transfer.reversed" || event.transfer.reversed)) {
    const { status, providerStatus } = payoutUpdateFromTransfer(await services.stripe.retrieveTransfer(event.transfer.transferId), {
      partialReversal: "RETURNED",
    });
    if (status === "RETURNED") {
      await applyPayoutUpdate(
        services,
        payoutId,
        { status, providerStatus, reason: "Stripe transfer reversed" },
        {
          type: "WEBHOOK",
          id: event.eventId,
        },
      ).catch(() => null);
    }
  }
  try {
    await services.db.processedWebhookEvent.create({
      data: { id: event.eventId, provider: "stripe", type: event.type, processedAt: services.now() },
    });
  } catch (err) {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")) throw err;
  }
  return { status: "applied" as const, ...base };
}

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
