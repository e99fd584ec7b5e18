import "server-only";
// Provider objects of ours that are not a payment's current one (an abandoned attempt, a PaymentIntent made by hand in
// the Dashboard, a retry's second object), and current objects that still hold money although our payment says the
// hold is gone. They never move a payment: each is recorded as a ProviderObject row, and one that holds or took money
// gets a CRITICAL alert and a release (cancel the hold, refund the charge). The ProviderObject row is the release's
// outbox row: `releaseRequestedAt` is written in the transaction that decides it, the call happens after commit
// (`releaseStrayObjects`, run by the webhook's after-response kick and by every sweep) with a key derived from the
// object's id, and `releasedAt` only once the provider shows the money released.
import type { PaymentStatus, ProviderObjectRelation } from "~/generated/prisma/client";
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import type { Tx } from "~/server/lifecycle/state-rows";
import { readPaymentIntent } from "~/server/providers/mapping";
import type { PaymentIntentSnapshot } from "~/server/providers/stripe";
import type { Services } from "~/server/services";
import { moneyToken } from "~/shared/message-tokens";
import { isOneOf } from "~/shared/statuses";

/** What a PaymentIntent still holds or took from the student (0 when nothing). */
export function moneyAtStake(pi: PaymentIntentSnapshot): { kind: "hold" | "charge" | null; amount: number } {
  const r = readPaymentIntent(pi);
  if (r.state === "held") return { kind: "hold", amount: pi.amountCapturable || pi.amount };
  if (r.state === "captured" && r.amountReceived > r.amountRefunded) return { kind: "charge", amount: r.amountReceived - r.amountRefunded };
  return { kind: null, amount: 0 };
}

export interface ObservedIntent {
  pi: PaymentIntentSnapshot;
  relation: ProviderObjectRelation;
  payment: { id: string; lessonId: string } | null;
  /** the event that told us, if any */
  eventId?: string | null;
  /** release it if it holds money (false while an authorization of the payment is in flight: it may be binding this one) */
  release: boolean;
  /** why, for the alert: a stray object, or our own current object still holding money after we released it */
  why?: string;
}

/**
 * Record what we learned about a PaymentIntent and, when it holds or took money and may be released, ask for the
 * release and raise the alert, in the caller's transaction. Returns whether a release was (newly) requested.
 */
export async function recordIntentObservation(tx: Tx, o: ObservedIntent, now: Date): Promise<{ releaseRequested: boolean }> {
  const { pi } = o;
  const stake = moneyAtStake(pi);
  const base = {
    provider: "stripe",
    type: "payment_intent",
    paymentId: o.payment?.id ?? null,
    relation: o.relation,
    status: pi.status,
    amount: stake.amount || pi.amount,
    currency: pi.currency.toUpperCase(),
    lastSeenAt: now,
    lastEventId: o.eventId ?? null,
  };
  await tx.providerObject.upsert({
    where: { id: pi.paymentIntentId },
    create: { id: pi.paymentIntentId, ...base, firstSeenAt: now },
    update: base,
  });
  const row = await tx.providerObject.findUniqueOrThrow({ where: { id: pi.paymentIntentId } });
  // An event may be older than what we already know (no ordering guarantee), so only the releaser, reading the
  // provider itself, decides that a release is done.
  if (!stake.kind || !o.release || row.releaseRequestedAt) return { releaseRequested: false };
  await tx.providerObject.update({ where: { id: row.id }, data: { releaseRequestedAt: now, releasedAt: null } });
  const what = stake.kind === "hold" ? "stray hold" : "stray charge";
  const lessonId = o.payment?.lessonId ?? null;
  await raiseAlertOnce(
    tx,
    {
      type: stake.kind === "hold" ? "STRAY_HOLD" : "STRAY_CHARGE",
      severity: "CRITICAL",
      subjectType: lessonId ? "LESSON" : "OPERATION",
      subjectId: lessonId ?? pi.paymentIntentId,
      lessonId,
      message:
        `A ${what} of ${moneyToken(stake.amount, pi.currency.toUpperCase())} on Stripe PaymentIntent ${pi.paymentIntentId} ` +
        `(${o.why ?? "not this payment's current PaymentIntent"}). The payment was not changed; ` +
        `the ${stake.kind === "hold" ? "hold is being cancelled" : "charge is being refunded"} automatically. ` +
        `If the release fails, cancel or refund it in the Stripe Dashboard.`,
    },
    now,
  );
  return { releaseRequested: true };
}

/** Our statuses that say "no money is held": a PaymentIntent holding money behind one of them is a stray hold. */
export const HOLD_GONE_STATUSES = ["VOIDED", "EXPIRED", "FAILED"] as const satisfies readonly PaymentStatus[];

/** The idempotency keys of a release: derived from the object, never from a clock. */
export const releaseKey = (paymentIntentId: string, kind: "cancel" | "refund", amount?: number) =>
  `release:${paymentIntentId}:${kind}${amount === undefined ? "" : `:${amount}`}`;

/**
 * Perform the releases asked for: cancel a stray hold, refund a stray charge, then record what the provider shows. Safe
 * to run twice at once: both calls carry the same key (the provider acts once), and a PaymentIntent cancels once.
 */
export async function releaseStrayObjects(services: Pick<Services, "db" | "now" | "stripe">, opts: { limit?: number } = {}) {
  const due = await services.db.providerObject.findMany({
    where: { type: "payment_intent", releaseRequestedAt: { not: null }, releasedAt: null },
    orderBy: { releaseRequestedAt: "asc" },
    take: opts.limit ?? 50,
  });
  const report = { attempted: 0, released: 0, failed: 0 };
  for (const row of due) {
    // An intent that is (or has just become) a payment's live one is not stray, whatever an earlier read said: only an
    // intent whose payment says no money is held (the sweep's released payments) may be released.
    const owner = await services.db.payment.findFirst({ where: { providerPaymentIntentId: row.id }, select: { status: true } });
    if (owner && !isOneOf(HOLD_GONE_STATUSES, owner.status)) {
      await services.db.providerObject.update({ where: { id: row.id }, data: { relation: "CURRENT", releaseRequestedAt: null } });
      continue;
    }
    report.attempted += 1;
    try {
      let pi = await services.stripe.retrievePaymentIntent(row.id);
      const stake = moneyAtStake(pi);
      if (stake.kind === "hold") {
        pi = await services.stripe.cancel({ paymentIntentId: row.id, idempotencyKey: releaseKey(row.id, "cancel"), reason: "duplicate" });
      } else if (stake.kind === "charge") {
        await services.stripe.refund({
          paymentIntentId: row.id,
          amount: stake.amount,
          idempotencyKey: releaseKey(row.id, "refund", stake.amount),
          reason: "duplicate",
        });
        pi = await services.stripe.retrievePaymentIntent(row.id);
      }
      if (moneyAtStake(pi).kind) continue;
      const now = services.now();
      await services.db.providerObject.update({ where: { id: row.id }, data: { releasedAt: now, status: pi.status, lastSeenAt: now } });
      report.released += 1;
    } catch (err) {
      // Left requested: the next sweep (or kick) tries again; the CRITICAL alert stays open meanwhile.
      console.error(`release of ${row.id} failed:`, err);
      report.failed += 1;
    }
  }
  return report;
}
