import "server-only";
// What the providers tell us, from the operation worker, webhooks (duplicated, out of order) and reconciliation.
// The provider is the truth about money; these handlers record it, ignore replays, and never move a status back.
// They do not touch operation rows: the caller marks the operation that produced the outcome.

import type { Draft } from "./draft";
import type { Command } from "./types";
import { isTerminalLesson } from "./graph";
import { iso } from "./rejections";
import { impliedSettlement } from "./finalize-rules";
import { settle } from "./settlement";
import { failAuthorization } from "./cron-commands";
import { authorizationGiveUpAt } from "./schedule";
import { proportionalReversal, splitFee } from "../money";
import { CAPTURED_PAYMENT_STATUSES, isOneOf } from "~/shared/statuses";
import { instantToken, moneyToken } from "~/shared/message-tokens";

type Outcome<T extends Command["type"]> = Extract<Command, { type: T }>;

export function authorizationSucceeded(d: Draft, c: Outcome<"AUTHORIZATION_SUCCEEDED">): void {
  const { lesson, payment } = d;
  switch (payment.status) {
    case "AWAITING_AUTHORIZATION": {
      payment.providerPaymentIntentId = c.paymentIntentId;
      payment.captureBefore = c.captureBefore;
      payment.authorizeAt = null;
      payment.lastError = null;
      d.movePayment("AUTHORIZED", {
        metadata: { paymentIntentId: c.paymentIntentId, captureBefore: iso(c.captureBefore) },
      });
      // The lesson ended while the authorization was in flight: settle it now that there is a hold.
      if (isTerminalLesson(lesson.status)) {
        settle(d, payment.settlementAmount ?? impliedSettlement(lesson, d.policy) ?? 0, {
          reason: "authorization arrived after the lesson was settled",
        });
      }
      return;
    }
    case "AUTHORIZED":
      if (payment.providerPaymentIntentId !== null && payment.providerPaymentIntentId !== c.paymentIntentId) {
        d.notePayment("payment.second_authorization", { metadata: { paymentIntentId: c.paymentIntentId } });
        d.raise(
          "PROVIDER_MISMATCH",
          "CRITICAL",
          `Payment ${payment.id} is authorized as ${payment.providerPaymentIntentId}, but ${c.paymentIntentId} was ` +
            `authorized too. Cancel ${c.paymentIntentId} in the provider dashboard so the student is not held twice.`,
        );
      }
      return; // a replay of the event we already recorded
    case "VOIDED":
      // Voided after a real hold: this is a replay. Voided without ever holding (captureBefore unset): a late hold.
      if (payment.captureBefore !== null) return;
      releaseLateHold(d, c);
      return;
    case "FAILED":
      releaseLateHold(d, c);
      return;
    case "CAPTURED":
    case "PARTIALLY_REFUNDED":
    case "REFUNDED":
    case "EXPIRED":
      return;
  }
}

/**
 * A hold appeared after we gave up on it (e.g. the student finished 3-D Secure after the decline was recorded).
 * The lesson is already settled without this money, so release it, and tell a person because it should not happen.
 */
function releaseLateHold(d: Draft, c: Outcome<"AUTHORIZATION_SUCCEEDED">): void {
  const payment = d.payment;
  payment.providerPaymentIntentId ??= c.paymentIntentId;
  d.notePayment("payment.late_authorization", {
    reason: "the provider placed a hold after the payment was given up",
    metadata: { paymentIntentId: c.paymentIntentId, captureBefore: iso(c.captureBefore) },
  });
  d.request("VOID", null, { reason: "release a hold placed after the payment was given up" });
  d.raise(
    "PROVIDER_MISMATCH",
    "WARNING",
    `Payment ${payment.id} is ${payment.status}, but the provider reports a hold (${c.paymentIntentId}) placed ` +
      `afterwards. A void was requested; confirm in the provider dashboard that the hold is released.`,
  );
}

export function authorizationFailed(d: Draft, c: Outcome<"AUTHORIZATION_FAILED">): void {
  const { lesson, payment } = d;
  // Only an awaiting payment can fail; anything else is a stale report about an attempt already superseded.
  if (payment.status !== "AWAITING_AUTHORIZATION") return;
  payment.lastError = `${c.code}: ${c.message}`;
  if (c.paymentIntentId) payment.providerPaymentIntentId = c.paymentIntentId;
  const why = `declined by the provider (${c.code})`;

  if (payment.authorizationMode === "ON_SESSION" || isTerminalLesson(lesson.status)) {
    failAuthorization(d, why, payment.authorizationMode === "OFF_SESSION");
    return;
  }
  // Retries go on until the give-up point (docs/domain.md, "declined off-session authorization"): the last one lands
  // on it rather than the lesson being cancelled a whole interval early.
  const giveUpAt = authorizationGiveUpAt(lesson, d.policy);
  const retryAt = new Date(Math.min(d.now.getTime() + d.policy.authorizationRetryIntervalMs, giveUpAt.getTime()));
  if (lesson.status === "SCHEDULED" && d.now.getTime() < giveUpAt.getTime()) {
    payment.authorizeAt = retryAt;
    d.notePayment("payment.authorization_retry_scheduled", {
      reason: why,
      metadata: { code: c.code, retryAt: iso(retryAt), attempt: payment.authorizationAttempts },
    });
    return;
  }
  failAuthorization(d, `${why}; no more attempts: the last one was due by ${instantToken(giveUpAt)}`, true);
}

export function captureSucceeded(d: Draft, c: Outcome<"CAPTURE_SUCCEEDED">): void {
  const payment = d.payment;
  switch (payment.status) {
    case "AUTHORIZED": {
      const { platformFee, tutorShare } = splitFee(c.amountCaptured, d.policy.platformFeeBps);
      payment.amountCaptured = c.amountCaptured;
      payment.platformFee = platformFee;
      payment.tutorShare = tutorShare;
      payment.lastError = null;
      d.movePayment("CAPTURED", { metadata: { amountCaptured: c.amountCaptured, platformFee, tutorShare } });
      if (payment.settlementAmount !== null && payment.settlementAmount !== c.amountCaptured) {
        d.raise(
          "PROVIDER_MISMATCH",
          "WARNING",
          `Payment ${payment.id} was captured for ${moneyToken(c.amountCaptured, payment.currency)} but the lesson ` +
            `was settled at ${moneyToken(payment.settlementAmount, payment.currency)}. Refund the difference if it is too much.`,
        );
      }
      return;
    }
    case "CAPTURED":
    case "PARTIALLY_REFUNDED":
    case "REFUNDED":
      return; // replay
    case "AWAITING_AUTHORIZATION":
    case "VOIDED":
    case "EXPIRED":
    case "FAILED":
      // Money moved that our records say cannot have: keep the status, leave the fact and make a person look.
      d.notePayment("payment.unexpected_capture", { metadata: { amountCaptured: c.amountCaptured } });
      d.raise(
        "PROVIDER_MISMATCH",
        "CRITICAL",
        `The provider reports a capture of ${moneyToken(c.amountCaptured, payment.currency)} for payment ` +
          `${payment.id}, which is ${payment.status} here. Check the provider dashboard and reconcile by hand.`,
      );
      return;
  }
}

export function captureFailed(d: Draft, c: Outcome<"CAPTURE_FAILED">): void {
  const payment = d.payment;
  if (payment.status !== "AUTHORIZED") return; // stale: the payment already moved on
  payment.lastError = `${c.code}: ${c.message}`;
  d.notePayment("payment.capture_failed", { reason: c.message, metadata: { code: c.code } });
  d.raise(
    "CAPTURE_FAILED",
    "WARNING",
    `Capturing payment ${payment.id} (lesson ${d.lesson.id}) failed: ${c.code}: ${c.message}. The hold is still in place` +
      (payment.captureBefore ? ` until ${instantToken(payment.captureBefore)}` : "") +
      `; the sweep retries with a fresh key, or capture it from the admin page.`,
  );
}

export function voidSucceeded(d: Draft): void {
  const payment = d.payment;
  if (payment.status === "AUTHORIZED") {
    payment.lastError = null;
    d.movePayment("VOIDED");
    return;
  }
  if (isOneOf(CAPTURED_PAYMENT_STATUSES, payment.status)) {
    d.notePayment("payment.unexpected_void");
    d.raise(
      "PROVIDER_MISMATCH",
      "CRITICAL",
      `The provider reports payment ${payment.id} voided, but it is ${payment.status} here. Check the provider dashboard.`,
    );
  }
  // VOIDED (replay), FAILED or VOIDED with a released late hold, EXPIRED (gone either way): nothing to record.
}

export function authorizationExpired(d: Draft): void {
  const { lesson, payment } = d;
  if (payment.status !== "AUTHORIZED") return; // never from CAPTURED; replays on EXPIRED change nothing
  d.movePayment("EXPIRED", { metadata: { captureBefore: payment.captureBefore ? iso(payment.captureBefore) : null } });
  const owed = payment.settlementAmount;
  const terminal = isTerminalLesson(lesson.status);
  const severity = owed !== null && owed > 0 ? "CRITICAL" : terminal ? "INFO" : "WARNING";
  d.raise(
    "AUTHORIZATION_EXPIRED",
    severity,
    `The card hold for lesson ${lesson.id} expired at the provider before it was captured. ` +
      (owed !== null && owed > 0
        ? `${moneyToken(owed, payment.currency)} was due and is not collected: contact the student or waive it.`
        : terminal
          ? "Nothing was due, so no money is lost."
          : `The lesson (${lesson.status}) has no hold left; re-authorize the student's card before it is settled.`),
  );
}

export function refundSucceeded(d: Draft, c: Outcome<"REFUND_SUCCEEDED">): void {
  const s = d.state;
  const payment = d.payment;
  if (payment.status !== "CAPTURED" && payment.status !== "PARTIALLY_REFUNDED") return;
  // A total from the provider makes replays harmless; without one we can only add.
  const reported = c.totalRefunded !== undefined ? Math.max(payment.amountRefunded, c.totalRefunded) : payment.amountRefunded + c.amount;
  const total = Math.min(reported, payment.amountCaptured);
  const delta = total - payment.amountRefunded;
  if (delta <= 0) return;
  const reversal = proportionalReversal(
    { captured: payment.amountCaptured, platformFee: payment.platformFee, tutorShare: payment.tutorShare },
    delta,
    payment.amountRefunded,
  );
  payment.amountRefunded = total;
  s.pendingRefundAmount = Math.max(0, s.pendingRefundAmount - delta);
  const metadata = { refunded: delta, totalRefunded: total, ...reversal };
  d.movePayment(total === payment.amountCaptured ? "REFUNDED" : "PARTIALLY_REFUNDED", { metadata });
  if (reported > payment.amountCaptured) {
    d.raise(
      "PROVIDER_MISMATCH",
      "WARNING",
      `The provider reports ${moneyToken(reported, payment.currency)} refunded on payment ${payment.id}, more than ` +
        `the ${moneyToken(payment.amountCaptured, payment.currency)} captured. Check the provider dashboard.`,
    );
  }
}
