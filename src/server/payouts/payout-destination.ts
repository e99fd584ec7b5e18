import "server-only";
// Where a tutor's payouts go. A change needs the current password again (a stolen session alone cannot redirect
// money), is announced to the tutor by email and in the app, and holds every payout for the policy's cool-off — a
// first destination too (a stolen session on an account that has none yet must not withdraw at once) — so the owner
// has time to notice and an admin to cancel it. Each change is a row
// (the tutor's page and the admin's list show them) with its audit event and notification in the same transaction.
import { randomUUID } from "node:crypto";
import { verifyPassword } from "better-auth/crypto";
import type { PayoutMethod } from "~/generated/prisma/client";
import { auditEventData } from "~/server/audit/audit-event";
import { AppError } from "~/server/errors";
import type { Tx } from "~/server/lifecycle/state-rows";
import type { Actor } from "~/server/lifecycle/types";
import { notifyPayoutDestinationChanged } from "~/server/notifications";
import type { Services } from "~/server/services";

export type DestinationInput = { method: "STRIPE" } | { method: "PAYPAL"; paypalEmail: string };

type AccountRow = { method: PayoutMethod | null; stripeAccountId: string | null; paypalEmail: string | null };

export function destinationOf(account: AccountRow | null): string | null {
  if (!account?.method) return null;
  return account.method === "STRIPE" ? account.stripeAccountId : account.paypalEmail;
}

async function assertCurrentPassword({ db }: Pick<Services, "db">, userId: string, password: string): Promise<void> {
  const credential = await db.account.findFirst({ where: { userId, providerId: "credential" }, select: { password: true } });
  const ok = Boolean(credential?.password) && (await verifyPassword({ hash: credential!.password!, password }));
  if (!ok) {
    throw new AppError("BAD_INPUT", "currentPassword: that is not your current password. Your payout settings were not changed.", {
      field: "currentPassword",
    });
  }
}

/** One payout decision or destination change per tutor at a time (the lock create-payout.ts takes too). */
const lockTutorPayouts = (tx: Tx, tutorId: string) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`payout:${tutorId}`}))`;

export async function changePayoutDestination(services: Services, tutorId: string, input: DestinationInput, currentPassword: string) {
  // The password hash is slow on purpose: checked before the transaction, never while holding the lock.
  await assertCurrentPassword(services, tutorId, currentPassword);
  return recordPayoutDestinationChange(services, tutorId, input);
}

/** The change itself, once the person is known to be the tutor: row, hold, audit and announcement in one transaction. */
export async function recordPayoutDestinationChange(services: Services, tutorId: string, input: DestinationInput) {
  const now = services.now();
  return services.db.$transaction(async (tx) => {
    await lockTutorPayouts(tx, tutorId);
    const account = await tx.payoutAccount.findUnique({ where: { tutorId } });
    const destination = input.method === "PAYPAL" ? input.paypalEmail.trim().toLowerCase() : account?.stripeAccountId;
    if (!destination) {
      throw new AppError("RULE_VIOLATION", "method: set up Stripe payouts first (the button above), then choose Stripe.", {
        field: "method",
      });
    }
    const previous = destinationOf(account);
    if (account?.method === input.method && previous === destination) return { changed: false as const };
    // Every new destination waits, the first one too, so a thief's destination never receives a payout unnoticed.
    const effectiveAt = new Date(now.getTime() + services.policy.payoutDestinationCoolOffMs);
    const heldUntil = account?.payoutsHeldUntil && account.payoutsHeldUntil > effectiveAt ? account.payoutsHeldUntil : effectiveAt;
    const fields = {
      method: input.method,
      ...(input.method === "PAYPAL" ? { paypalEmail: destination } : {}),
      payoutsHeldUntil: heldUntil,
    };
    await tx.payoutAccount.upsert({ where: { tutorId }, create: { tutorId, ...fields }, update: fields });
    const changeId = randomUUID();
    const last = await tx.payoutDestinationChange.findFirst({ where: { tutorId }, orderBy: { seq: "desc" }, select: { seq: true } });
    await tx.payoutDestinationChange.create({
      data: {
        id: changeId,
        seq: (last?.seq ?? 0) + 1,
        tutorId,
        method: input.method,
        destination,
        previousMethod: account?.method ?? null,
        previousDestination: previous,
        requestedAt: now,
        effectiveAt,
      },
    });
    await tx.auditEvent.create({
      data: auditEventData({
        action: "payout_destination.changed",
        at: now,
        actor: { type: "TUTOR", id: tutorId },
        subject: { type: "PAYOUT_ACCOUNT", id: tutorId },
        from: previous,
        to: destination,
        metadata: {
          changeId,
          method: input.method,
          destination,
          previousMethod: account?.method ?? null,
          previousDestination: previous,
          effectiveAt: effectiveAt.toISOString(),
        },
      }),
    });
    // Reaches the account's email (which the auth API cannot change), the in-app list and the PayPal address being
    // replaced (its holder is the one a thief would take the money from), not the new address.
    await notifyPayoutDestinationChanged(tx, {
      tutorId,
      changeId,
      method: input.method,
      destination,
      at: now,
      effectiveAt,
      previous: { method: account?.method ?? null, destination: previous },
    });
    return { changed: true as const, changeId, effectiveAt };
  });
}

/**
 * An admin cancels a change (a theft, or a tutor who asks): the previous destination comes back and the hold ends.
 * Only the tutor's latest change can be cancelled, so what is restored is what was really in place before it.
 */
export async function cancelPayoutDestinationChange(services: Services, admin: Actor, changeId: string, reason: string) {
  const now = services.now();
  const change = await services.db.payoutDestinationChange.findUnique({ where: { id: changeId } });
  if (!change) throw new AppError("NOT_FOUND", "changeId: no such payout destination change.", { field: "changeId" });
  return services.db.$transaction(async (tx) => {
    await lockTutorPayouts(tx, change.tutorId);
    const current = await tx.payoutDestinationChange.findUniqueOrThrow({ where: { id: changeId } });
    if (current.cancelledAt) return { cancelled: false as const, alreadyCancelledAt: current.cancelledAt };
    // By the change's number, not its instant: two changes can share one.
    const latest = await tx.payoutDestinationChange.findFirst({
      where: { tutorId: change.tutorId, cancelledAt: null },
      orderBy: { seq: "desc" },
    });
    if (latest?.id !== changeId) {
      throw new AppError("RULE_VIOLATION", "This tutor changed the destination again since; cancel the latest change first.", {
        rule: "NOT_LATEST_CHANGE",
      });
    }
    const restored = current.previousMethod;
    await tx.payoutAccount.update({
      where: { tutorId: change.tutorId },
      data: {
        method: restored,
        ...(restored === "PAYPAL" ? { paypalEmail: current.previousDestination } : {}),
        payoutsHeldUntil: null,
      },
    });
    await tx.payoutDestinationChange.update({
      where: { id: changeId },
      data: { cancelledAt: now, cancelledBy: admin.id, cancelReason: reason },
    });
    await tx.auditEvent.create({
      data: auditEventData({
        action: "payout_destination.change_cancelled",
        at: now,
        actor: admin,
        subject: { type: "PAYOUT_ACCOUNT", id: change.tutorId },
        from: current.destination,
        to: current.previousDestination,
        reason,
        metadata: { changeId, restoredMethod: restored, restoredDestination: current.previousDestination },
      }),
    });
    if (restored && current.previousDestination) {
      await notifyPayoutDestinationChanged(tx, {
        tutorId: change.tutorId,
        changeId: `${changeId}:cancelled`,
        method: restored,
        destination: current.previousDestination,
        at: now,
      });
    }
    return { cancelled: true as const };
  });
}

/** The changes an admin reviews: newest first, with the tutor, and whether each is cooling off, in effect or cancelled. */
export async function listPayoutDestinationChanges(services: Pick<Services, "db" | "now">, opts: { take?: number } = {}) {
  const now = services.now();
  const rows = await services.db.payoutDestinationChange.findMany({
    orderBy: [{ requestedAt: "desc" }, { seq: "desc" }],
    take: opts.take ?? 100,
    include: { account: { select: { tutor: { select: { name: true, email: true } } } } },
  });
  return rows.map(({ account, ...r }) => ({ ...r, tutor: account.tutor, state: changeState(r, now) }));
}

export function changeState(r: { cancelledAt: Date | null; effectiveAt: Date }, now: Date): "CANCELLED" | "COOLING_OFF" | "IN_EFFECT" {
  if (r.cancelledAt) return "CANCELLED";
  return r.effectiveAt > now ? "COOLING_OFF" : "IN_EFFECT";
}
