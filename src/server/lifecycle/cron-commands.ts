import "server-only";
// Commands driven by time: FINALIZE (every minute), AUTHORIZE_SCHEDULED (far-ahead bookings), SWEEP (the windowless
// safety net). Each is safe to run any number of times: a second pass finds nothing left to do.

import type { Draft } from "./draft";
import type { Rejection } from "./types";
import { isTerminalLesson } from "./graph";
import { reject } from "./rejections";
import { impliedSettlement } from "./finalize-rules";
import { finalizeAndSettle, settle } from "./settlement";
import { authorizationGiveUpAt, finalizeDueAt } from "./schedule";
import { instantToken, moneyToken } from "~/shared/message-tokens";

export function finalize(d: Draft): Rejection | void {
  if (isTerminalLesson(d.lesson.status)) return;
  const due = finalizeDueAt(d.lesson, d.policy);
  if (d.now.getTime() < due.getTime()) {
    return reject(
      "NOT_DUE",
      `Lesson ${d.lesson.id} can be finalized from ${instantToken(due)} (the scheduled end plus the grace period), not before.`,
    );
  }
  finalizeAndSettle(d);
}

/**
 * The card will not be authorized: payment FAILED and, if the lesson is still ahead, lesson CANCELLED (PAYMENT_FAILED).
 * Shared by AUTHORIZE_SCHEDULED past the give-up point and by declined authorizations. `alertOnCancel` is off for an
 * on-session decline, where the student is on the booking page and sees the error there.
 */
export function failAuthorization(d: Draft, why: string, alertOnCancel: boolean): void {
  const { lesson, payment } = d;
  payment.authorizeAt = null;
  d.movePayment("FAILED", { reason: why });
  if (!isTerminalLesson(lesson.status)) {
    lesson.cancelReason = "PAYMENT_FAILED";
    lesson.finalizedAt = d.now;
    d.moveLesson("CANCELLED", { reason: why });
    if (payment.settlementAmount !== 0) {
      d.notePayment("payment.settlement_decided", { metadata: { amount: 0, previous: payment.settlementAmount } });
      payment.settlementAmount = 0;
    }
    if (alertOnCancel) {
      d.raise(
        "AUTHORIZATION_FAILED",
        "WARNING",
        `The student's card could not be authorized for lesson ${lesson.id} (${why}); the lesson was cancelled. ` +
          `Let the tutor know the slot is free and ask the student to update their card.`,
      );
    }
    return;
  }
  const due = payment.settlementAmount ?? 0;
  if (due > 0) {
    d.raise(
      "AUTHORIZATION_FAILED",
      "WARNING",
      `Lesson ${lesson.id} ended ${lesson.status} owing ${moneyToken(due, payment.currency)}, but the card could not ` +
        `be authorized (${why}). Contact the student to collect it, or waive it.`,
    );
  }
}

export function authorizeScheduled(d: Draft): void {
  const { lesson, payment } = d;
  if (
    payment.status !== "AWAITING_AUTHORIZATION" ||
    payment.authorizationMode !== "OFF_SESSION" ||
    lesson.status !== "SCHEDULED" ||
    d.isLive("AUTHORIZE")
  ) {
    return;
  }
  const giveUpAt = authorizationGiveUpAt(lesson, d.policy);
  // A retry scheduled on the give-up point itself is the last attempt, made even though the cron reaches it a little
  // after that instant (its failure then cancels). Anything else still waiting at the give-up point is abandoned.
  const lastAttempt = payment.authorizeAt !== null && payment.authorizeAt.getTime() === giveUpAt.getTime();
  if (d.now.getTime() >= giveUpAt.getTime() && !lastAttempt) {
    failAuthorization(
      d,
      `no successful authorization by ${instantToken(giveUpAt)}` + (payment.lastError ? `; last error: ${payment.lastError}` : ""),
      true,
    );
    return;
  }
  // A missing authorizeAt on an awaiting off-session payment would strand it; treat it as due.
  if (payment.authorizeAt !== null && payment.authorizeAt.getTime() > d.now.getTime()) return;
  d.request("AUTHORIZE", payment.amount, { metadata: { mode: "OFF_SESSION", attempt: payment.authorizationAttempts + 1 } });
}

/**
 * The orphan sweep, per lesson, with no time window. Beyond the orphaned hold it also settles what the other jobs
 * should have settled: an overdue lesson the finalize cron missed, and a terminal lesson whose never-authorized
 * payment was left waiting.
 */
export function sweep(d: Draft): void {
  const { lesson, payment } = d;
  if (!isTerminalLesson(lesson.status)) {
    if (d.now.getTime() >= finalizeDueAt(lesson, d.policy).getTime()) {
      finalizeAndSettle(d, { reason: "overdue lesson found by the sweep" });
    }
    return;
  }
  if (payment.status === "AWAITING_AUTHORIZATION" && !d.isLive("AUTHORIZE")) {
    settle(d, payment.settlementAmount ?? impliedSettlement(lesson, d.policy) ?? 0, {
      reason: "terminal lesson with a payment still awaiting authorization",
    });
    return;
  }
  if (payment.status !== "AUTHORIZED" || d.isLive("CAPTURE") || d.isLive("VOID")) return;

  const derived = payment.settlementAmount === null;
  const amount = payment.settlementAmount ?? impliedSettlement(lesson, d.policy) ?? 0;
  d.raise(
    "ORPHANED_AUTHORIZATION",
    "WARNING",
    `Lesson ${lesson.id} is ${lesson.status} but its payment was still authorized with nothing in progress; ` +
      `the sweep requested a ${amount > 0 ? `capture of ${moneyToken(amount, payment.currency)}` : "void"}` +
      (derived ? " (settlement re-derived from the lesson status)" : "") +
      (payment.lastError ? `. Last provider error: ${payment.lastError}` : "") +
      ". Check the operation's outcome on the admin page.",
  );
  settle(d, amount, { reason: "orphaned authorization found by the sweep", metadata: { derivedSettlement: derived } });
}
