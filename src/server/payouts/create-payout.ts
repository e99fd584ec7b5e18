import "server-only";
// Creating a payout: under a lock on the tutor, cover specific available ledger entries
// with one payout row (its own outbox row, QUEUED), write the PAYOUT_DEBIT entry, commit.
// The database allows one live payout per tutor and one payout per ledger entry, so a
// cron run, a tutor's request and a retry racing each other create one payout at most.
import { randomUUID } from "node:crypto";
import { Prisma } from "~/generated/prisma/client";
import { isAvailable, uncoveredEntries } from "~/server/ledger/balances";
import type { Services } from "~/server/services";
import { isOneOf, LIVE_PAYOUT_STATUSES, RETURNED_PAYOUT_STATUSES } from "~/shared/statuses";
import { auditEventData } from "~/server/audit/audit-event";
import type { Actor } from "~/server/lifecycle/types";
import { instantToken, moneyToken } from "~/shared/message-tokens";

export type CreatePayoutResult =
  | { created: true; payoutId: string; amount: number; currency: string }
  | {
      created: false;
      reason: "NO_METHOD" | "NOT_READY" | "COOLING_OFF" | "BELOW_MINIMUM" | "IN_FLIGHT" | "NOTHING_AVAILABLE";
      message: string;
      available: number;
      minimum: number | null;
    };

/** Who is audited as opening the payout, and why: an admin's retry is the admin's act, not the tutor's. */
export interface PayoutRequester {
  actor?: Actor;
  reason?: string;
  retryOf?: string;
}

export async function createPayoutForTutor(
  services: Services,
  tutorId: string,
  requestedBy: string,
  by: PayoutRequester = {},
): Promise<CreatePayoutResult> {
  const now = services.now();
  await refreshStripeReadiness(services, tutorId); // a provider call: before, never inside, the transaction
  try {
    return await services.db.$transaction(async (tx) => {
      // One payout decision per tutor at a time (transaction-scoped advisory lock).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`payout:${tutorId}`}))`;
      const account = await tx.payoutAccount.findUnique({ where: { tutorId } });
      const entries = (await uncoveredEntries(tx, tutorId)).filter((e) => isAvailable(e, now));
      const available = entries.reduce((s, e) => s + e.amount, 0);
      const currency = entries[0]?.currency ?? "USD";
      const live = await tx.payout.findFirst({ where: { tutorId, status: { in: [...LIVE_PAYOUT_STATUSES] } } });
      if (live)
        return {
          created: false as const,
          reason: "IN_FLIGHT" as const,
          message: "A payout is already on its way; the next one can start when it settles.",
          available,
          minimum: null,
        };
      if (!account?.method)
        return {
          created: false as const,
          reason: "NO_METHOD" as const,
          message: "Choose how you want to be paid (Stripe or PayPal) in payout settings. Your earnings keep accruing meanwhile.",
          available,
          minimum: null,
        };
      const ready =
        account.method === "STRIPE" ? Boolean(account.stripeAccountId && account.stripePayoutsEnabled) : Boolean(account.paypalEmail);
      if (!ready)
        return {
          created: false as const,
          reason: "NOT_READY" as const,
          message:
            account.method === "STRIPE" ? "Finish Stripe onboarding to receive payouts." : "Add your PayPal email to receive payouts.",
          available,
          minimum: null,
        };
      if (requestedBy === "cron") {
        // After a payout failed or came back, the hourly run does not resend to the same
        // destination on its own (it would fail again every hour): the tutor updates their
        // settings or asks for a payout, or an admin retries.
        const last = await tx.payout.findFirst({ where: { tutorId }, orderBy: { createdAt: "desc" } });
        if (last && isOneOf(RETURNED_PAYOUT_STATUSES, last.status) && last.updatedAt >= account.updatedAt) {
          return {
            created: false as const,
            reason: "NOT_READY" as const,
            message: "The last payout did not arrive; check your payout settings, then request a payout.",
            available,
            minimum: null,
          };
        }
      }
      const minimum = services.policy.payoutMinimums[account.method];
      if (entries.length === 0 || available <= 0)
        return {
          created: false as const,
          reason: "NOTHING_AVAILABLE" as const,
          message: "Nothing is available to pay out yet.",
          available,
          minimum,
        };
      if (available < minimum)
        return {
          created: false as const,
          reason: "BELOW_MINIMUM" as const,
          message: `The minimum payout by ${account.method === "STRIPE" ? "Stripe" : "PayPal"} is ${moneyToken(minimum, currency)}; you have ${moneyToken(available, currency)}.`,
          available,
          minimum,
        };

      // The cool-off after a destination is set or changed (payout-destination.ts): nothing is paid until it ends.
      if (account.payoutsHeldUntil && account.payoutsHeldUntil > now)
        return {
          created: false as const,
          reason: "COOLING_OFF" as const,
          message: `Your payout destination was set or changed recently; for your safety payouts to it start at ${instantToken(account.payoutsHeldUntil)}.`,
          available,
          minimum,
        };

      const payoutId = randomUUID();
      await tx.payout.create({
        data: {
          id: payoutId,
          tutorId,
          method: account.method,
          amount: available,
          currency,
          destination: account.method === "STRIPE" ? account.stripeAccountId! : account.paypalEmail!,
          requestedBy,
          createdAt: now,
          nextAttemptAt: now,
          items: { create: entries.map((e) => ({ ledgerEntryId: e.id, amount: e.amount })) },
        },
      });
      await tx.ledgerEntry.create({
        data: {
          id: randomUUID(),
          tutorId,
          kind: "PAYOUT_DEBIT",
          amount: -available,
          currency,
          sourceId: payoutId,
          payoutId,
          createdAt: now,
        },
      });
      await tx.auditEvent.create({
        data: auditEventData({
          action: "payout.created",
          at: now,
          actor: by.actor ?? { type: requestedBy === "cron" ? "CRON" : "TUTOR", id: requestedBy },
          subject: { type: "PAYOUT", id: payoutId },
          from: null,
          to: "QUEUED",
          reason: by.reason ?? null,
          metadata: { amount: available, currency, entries: entries.length, ...(by.retryOf ? { retryOf: by.retryOf } : {}) },
        }),
      });
      return { created: true as const, payoutId, amount: available, currency };
    });
  } catch (err) {
    // The partial unique index (one live payout per tutor) or PayoutItem's unique entry lost a race.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      return {
        created: false,
        reason: "IN_FLIGHT",
        message: "A payout is already on its way; the next one can start when it settles.",
        available: 0,
        minimum: null,
      };
    }
    throw err;
  }
}

async function refreshStripeReadiness(services: Services, tutorId: string) {
  const account = await services.db.payoutAccount.findUnique({ where: { tutorId } });
  if (account?.method !== "STRIPE" || !account.stripeAccountId || account.stripePayoutsEnabled) return;
  const remote = await services.stripe.retrieveAccount(account.stripeAccountId).catch(() => null);
  if (remote?.payoutsEnabled) await services.db.payoutAccount.update({ where: { tutorId }, data: { stripePayoutsEnabled: true } });
}
