import "server-only";
import { AppError } from "~/server/errors";
import type { Actor } from "~/server/lifecycle/types";
import type { Services } from "~/server/services";
import { createPayoutForTutor } from "./create-payout";
import { sendDuePayouts } from "./run-payouts";
import { CLAIMABLE_PAYOUT_STATUSES, isOneOf, RETURNED_PAYOUT_STATUSES } from "~/shared/statuses";
import { moneyToken } from "~/shared/message-tokens";
import { auditEventData } from "~/server/audit/audit-event";

/**
 * Retry: an UNKNOWN or QUEUED payout is sent again now (reconciling first, same id, so it
 * cannot pay twice); a FAILED or RETURNED one has already put the money back in the
 * tutor's balance, so a new payout is created from that balance. Either way the admin and
 * their reason are audited.
 */
export async function adminRetryPayout(services: Services, admin: Actor, payoutId: string, reason: string) {
  const payout = await services.db.payout.findUnique({ where: { id: payoutId } });
  if (!payout) throw new AppError("NOT_FOUND", "No payout with this id.");
  if (isOneOf(CLAIMABLE_PAYOUT_STATUSES, payout.status)) {
    const now = services.now();
    await services.db.$transaction([
      services.db.payout.update({ where: { id: payoutId }, data: { nextAttemptAt: now } }),
      services.db.auditEvent.create({
        data: auditEventData({
          action: "payout.retry_requested",
          at: now,
          actor: admin,
          subject: { type: "PAYOUT", id: payoutId },
          reason,
          metadata: { status: payout.status },
        }),
      }),
    ]);
    const sent = await sendDuePayouts(services, { onlyIds: [payoutId] });
    return { payoutId, message: sent.paid || sent.sent ? "Sent." : "Tried again; the provider has not confirmed yet." };
  }
  if (isOneOf(RETURNED_PAYOUT_STATUSES, payout.status)) {
    const created = await createPayoutForTutor(services, payout.tutorId, admin.id, { actor: admin, reason, retryOf: payoutId });
    if (!created.created) throw new AppError("RULE_VIOLATION", created.message, { rule: created.reason });
    await sendDuePayouts(services, { onlyIds: [created.payoutId] });
    return {
      payoutId: created.payoutId,
      message: `A new payout of ${moneyToken(created.amount, created.currency)} was created from the returned money.`,
    };
  }
  throw new AppError("RULE_VIOLATION", `This payout is ${payout.status.toLowerCase()}; there is nothing to retry.`, {
    rule: "NOT_RETRYABLE",
  });
}
