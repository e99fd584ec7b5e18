import "server-only";
// The one writer of payout status, as the lifecycle module is for lessons and payments:
// lock the payout row, check the move is forward, write status + ledger credit (money
// that came back) + audit + alert in one transaction. Repeating an update is a no-op.
import { randomUUID } from "node:crypto";
import type { Payout, PayoutStatus } from "~/generated/prisma/client";
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { sqlIn } from "~/server/db/status-sql";
import type { Actor } from "~/server/lifecycle/types";
import { moneyToken } from "~/shared/message-tokens";
import { CLAIMABLE_PAYOUT_STATUSES, isOneOf, SENT_PAYOUT_STATUSES, SETTLED_PAYOUT_STATUSES } from "~/shared/statuses";
import type { Services } from "~/server/services";
import { auditEventData } from "~/server/audit/audit-event";
import { notifyPayoutStatus } from "~/server/notifications/write";
import { applyReturns } from "./payout-returns";

/** Forward moves only. FAILED and RETURNED give the money back to the tutor's balance. */
const MOVES: Record<PayoutStatus, PayoutStatus[]> = {
  QUEUED: ["SENDING", "FAILED"],
  SENDING: ["SENT", "PAID", "FAILED", "UNKNOWN", "QUEUED"],
  UNKNOWN: ["SENDING", "SENT", "PAID", "FAILED"],
  SENT: ["PAID", "FAILED", "RETURNED", "PARTIALLY_RETURNED"],
  PAID: ["RETURNED", "PARTIALLY_RETURNED"], // a Stripe transfer reversal, a PayPal item REVERSED/REFUNDED after success
  FAILED: [],
  RETURNED: [],
  // part of a paid payout came back; the rest is still paid, and further returns may complete it
  PARTIALLY_RETURNED: ["RETURNED"],
};

export const canMovePayout = (from: PayoutStatus, to: PayoutStatus) => from === to || MOVES[from].includes(to);

export interface PayoutUpdate {
  status: PayoutStatus;
  providerId?: string | null;
  providerItemId?: string | null;
  providerStatus?: string | null;
  lastError?: string | null;
  nextAttemptAt?: Date;
  reason?: string;
  /**
   * Money that came back (Stripe transfer reversals, a PayPal item returned): each is credited exactly once, by its
   * provider id, capped at what is still out. With returns the status is the writer's: RETURNED once all of the
   * payout came back, else PARTIALLY_RETURNED (the rest still counts as paid).
   */
  returns?: PayoutReturnInput[];
}

export interface PayoutReturnInput {
  /** trr_… for a Stripe reversal; "<payout_item_id>:<transaction_status>" for a PayPal item */
  providerReturnId: string;
  amount: number;
  providerStatus: string;
}

export async function applyPayoutUpdate(
  services: Pick<Services, "db" | "now">,
  payoutId: string,
  update: PayoutUpdate,
  actor: Actor,
): Promise<{ changed: boolean; payout: Payout }> {
  const now = services.now();
  return services.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Payout" WHERE id = ${payoutId} FOR UPDATE`;
    const current = await tx.payout.findUniqueOrThrow({ where: { id: payoutId } });
    // A return without its provider ids (an old caller saying RETURNED) is the whole remainder coming back.
    const returns =
      update.returns ??
      (update.status === "RETURNED" && current.amountReturned < current.amount
        ? [
            {
              providerReturnId: `${payoutId}:returned`,
              amount: current.amount - current.amountReturned,
              providerStatus: update.providerStatus ?? "returned",
            },
          ]
        : undefined);
    if (returns) return applyReturns(tx, current, update, returns, actor, now);
    const sameStatus = current.status === update.status;
    if (!canMovePayout(current.status, update.status)) return { changed: false, payout: current };
    if (sameStatus && (update.providerStatus ?? current.providerStatus) === current.providerStatus && !update.nextAttemptAt) {
      return { changed: false, payout: current };
    }
    const payout = await tx.payout.update({
      where: { id: payoutId },
      data: {
        status: update.status,
        providerId: update.providerId ?? current.providerId,
        providerItemId: update.providerItemId ?? current.providerItemId,
        providerStatus: update.providerStatus ?? current.providerStatus,
        lastError: update.lastError === undefined ? current.lastError : update.lastError,
        nextAttemptAt: update.nextAttemptAt ?? current.nextAttemptAt,
        sentAt: isOneOf(SENT_PAYOUT_STATUSES, update.status) && !current.sentAt ? now : current.sentAt,
        settledAt: isOneOf(SETTLED_PAYOUT_STATUSES, update.status) ? now : current.settledAt,
      },
    });
    if (!sameStatus) {
      await tx.auditEvent.create({
        data: auditEventData({
          action: `payout.${update.status.toLowerCase() as Lowercase<PayoutStatus>}`,
          at: now,
          actor,
          subject: { type: "PAYOUT", id: payoutId },
          from: current.status,
          to: update.status,
          reason: update.reason ?? update.lastError ?? null,
          metadata: {
            amount: current.amount,
            currency: current.currency,
            method: current.method,
            providerStatus: update.providerStatus ?? null,
          },
        }),
      });
    }
    if (!sameStatus) await notifyPayoutStatus(tx, payout, update.status, now, update.providerStatus);
    if (!sameStatus && update.status === "FAILED") {
      // Nothing is silently dropped: the money goes back to the tutor's available balance.
      await tx.ledgerEntry.createMany({
        data: [
          {
            id: randomUUID(),
            tutorId: current.tutorId,
            kind: "PAYOUT_RETURN",
            amount: current.amount,
            currency: current.currency,
            sourceId: payoutId,
            payoutId,
            createdAt: now,
          },
        ],
        skipDuplicates: true,
      });
      await raiseAlertOnce(
        tx,
        {
          type: "PAYOUT_FAILED",
          severity: "WARNING",
          subjectType: "PAYOUT",
          subjectId: payoutId,
          message: `Payout of ${moneyToken(current.amount, current.currency)} via ${current.method} ${update.status.toLowerCase()}${update.providerStatus ? ` (${update.providerStatus})` : ""}: the money is back in the tutor's available balance.`,
        },
        now,
      );
    }
    return { changed: true, payout };
  });
}

/** Claim due payouts for sending (QUEUED, or UNKNOWN awaiting reconciliation): → SENDING, skipping rows another worker holds. */
export async function claimDuePayouts(
  services: Pick<Services, "db" | "now">,
  claim: { limit: number; workerId: string; onlyIds?: string[] },
) {
  const { limit, workerId } = claim;
  const now = services.now();
  const ids = claim.onlyIds ?? null;
  return services.db.$queryRaw<(Payout & { previousStatus: PayoutStatus })[]>`
    WITH due AS (
      SELECT id, status FROM "Payout"
      WHERE status ${sqlIn(CLAIMABLE_PAYOUT_STATUSES)} AND "nextAttemptAt" <= ${now}
        AND (${ids}::text[] IS NULL OR id = ANY(${ids}::text[]))
      ORDER BY "nextAttemptAt" LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "Payout" p SET status = 'SENDING', attempts = p.attempts + 1, "updatedAt" = ${now}, "lastError" = ${`claimed by ${workerId}`}
    FROM due WHERE p.id = due.id
    RETURNING p.*, due.status AS "previousStatus"`;
}

/** A SENDING claim older than this belongs to a worker that died: reconcile it. */
export const STUCK_SENDING_MS = 2 * 60_000;

export async function releaseStuckPayouts(services: Pick<Services, "db" | "now">): Promise<number> {
  const now = services.now();
  const r = await services.db.payout.updateMany({
    where: { status: "SENDING", updatedAt: { lt: new Date(now.getTime() - STUCK_SENDING_MS) } },
    data: { status: "UNKNOWN", nextAttemptAt: now, lastError: "worker stopped while sending; reconciling with the provider" },
  });
  return r.count;
}
