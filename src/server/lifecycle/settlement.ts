import "server-only";
// Turning "this lesson is over and costs X" into payment work. Every path that makes a lesson terminal (finalize,
// end-after-end, cancel, sweep, admin, failed authorization) ends here, so the capture-or-void decision exists once.

import type { Draft, FactDetails } from "./draft";
import type { FinalOutcome } from "./finalize-rules";
import { finalOutcome } from "./finalize-rules";
import { instantToken, moneyToken } from "~/shared/message-tokens";

/**
 * Record the settlement and request what it implies. With a hold (AUTHORIZED): capture `amount` or void. Without one:
 * - an authorization in flight → nothing now; AUTHORIZATION_SUCCEEDED settles it when it lands;
 * - no authorization coming → the payment is VOIDED directly (nothing to release). A positive amount cannot be
 *   collected without a hold, so it is waived and recorded (settlementAmount 0, `payment.settlement_waived` with the
 *   waived amount): charging a saved card off-session for a fee is a separate product decision, not a side effect.
 * Already captured / voided / failed → nothing to do; an expired hold that should have been charged raises a
 * CRITICAL alert because that money is lost unless someone acts.
 */
export function settle(d: Draft, amount: number, details: FactDetails = {}): void {
  const payment = d.payment;
  if (payment.settlementAmount !== amount) {
    const previous = payment.settlementAmount;
    payment.settlementAmount = amount;
    d.notePayment("payment.settlement_decided", {
      ...details,
      metadata: { amount, previous, ...details.metadata },
    });
  }
  switch (payment.status) {
    case "AUTHORIZED": {
      // One live capture or void settles the hold; a second of either kind would race it at the provider.
      if (d.isLive("CAPTURE") || d.isLive("VOID")) return;
      if (amount > 0) d.request("CAPTURE", Math.min(amount, payment.amount), details);
      else d.request("VOID", null, details);
      return;
    }
    case "AWAITING_AUTHORIZATION": {
      if (d.isLive("AUTHORIZE")) return;
      if (amount > 0) {
        payment.settlementAmount = 0;
        d.notePayment("payment.settlement_waived", {
          reason: "no card hold exists to collect the amount from",
          metadata: { waivedAmount: amount },
        });
      }
      payment.authorizeAt = null;
      d.movePayment("VOIDED", { reason: "lesson settled before the card was authorized; nothing to release" });
      return;
    }
    case "EXPIRED": {
      if (amount > 0) {
        d.raise(
          "AUTHORIZATION_EXPIRED",
          "CRITICAL",
          `Lesson ${d.lesson.id} should be charged ${moneyToken(amount, payment.currency)} but the card hold ` +
            `expired before capture. Contact the student to collect the payment, or waive it.`,
        );
      }
      return;
    }
    case "CAPTURED":
    case "PARTIALLY_REFUNDED":
    case "REFUNDED":
    case "VOIDED":
    case "FAILED":
      return;
  }
}

/** Make the lesson terminal according to the finalize rules, without settling. Returns the outcome for the caller. */
export function applyFinalOutcome(d: Draft, details: FactDetails = {}): FinalOutcome {
  const outcome = finalOutcome(d.lesson, d.policy);
  const lesson = d.lesson;
  lesson.finalizedAt = d.now;
  const metadata = {
    studentJoinedAt: lesson.studentJoinedAt?.toISOString() ?? null,
    tutorJoinedAt: lesson.tutorJoinedAt?.toISOString() ?? null,
    settlementAmount: outcome.settlementAmount,
    ...details.metadata,
  };
  switch (outcome.status) {
    case "COMPLETED":
      d.moveLesson("COMPLETED", { ...details, metadata });
      break;
    case "CANCELLED":
      lesson.cancelReason = outcome.cancelReason;
      d.moveLesson("CANCELLED", { ...details, reason: details.reason ?? "nobody joined", metadata });
      break;
    case "NO_SHOW":
      lesson.noShowParty = outcome.noShowParty;
      d.moveLesson("NO_SHOW", {
        ...details,
        reason: details.reason ?? `${outcome.noShowParty.toLowerCase()} did not join`,
        metadata: { noShowParty: outcome.noShowParty, ...metadata },
      });
      if (outcome.noShowParty === "TUTOR") {
        d.raise(
          "TUTOR_NO_SHOW",
          "WARNING",
          `Tutor ${lesson.tutorId} did not join lesson ${lesson.id} (scheduled ${instantToken(lesson.scheduledStart)}); ` +
            `the student was not charged. Follow up with the tutor.`,
        );
      }
      break;
  }
  return outcome;
}

/** Finalize rules + settlement: what FINALIZE, the sweep's safety net and END_CALL after the scheduled end share. */
export function finalizeAndSettle(d: Draft, details: FactDetails = {}): void {
  const outcome = applyFinalOutcome(d, details);
  settle(d, outcome.settlementAmount, details);
}
