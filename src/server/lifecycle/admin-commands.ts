import "server-only";
// Admin (and ops CLI) interventions: ADMIN_CAPTURE, ADMIN_VOID, ADMIN_REFUND. They go through the same checks as
// everything else: an admin can choose an amount, but cannot capture twice, void a captured payment, or refund more
// than was taken. Every fact they leave carries the reason and who acted.

import type { CommandContext } from "~/server/audit/audit-actions";
import type { Draft, FactDetails } from "./draft";
import type { PaymentStatus, Rejection } from "./types";
import { isTerminalLesson } from "./graph";
import { reject } from "./rejections";
import { applyFinalOutcome, settle } from "./settlement";
import { finalOutcome } from "./finalize-rules";
import { isOneOf, OPEN_DISPUTE_STATUSES, UNSETTLED_PAYMENT_STATUSES } from "~/shared/statuses";
import { instantToken, moneyToken } from "~/shared/message-tokens";

function adminDetails(d: Draft, reason: string, metadata: Pick<CommandContext, "requestedAmount" | "refundable"> = {}): FactDetails {
  return { reason, metadata: { actorType: d.ctx.actor.type, actorId: d.ctx.actor.id, ...metadata } };
}

const HOLD_GONE: Partial<Record<PaymentStatus, string>> = {
  VOIDED: "was voided",
  EXPIRED: "expired at the provider",
  FAILED: "was never placed (the authorization failed)",
};

function validAmount(amount: number, max: number): boolean {
  return Number.isSafeInteger(amount) && amount >= 1 && amount <= max;
}

export function adminCapture(d: Draft, reason: string, requested: number | undefined): Rejection | void {
  const { lesson, payment } = d;
  const money = (amount: number) => moneyToken(amount, payment.currency);
  switch (payment.status) {
    case "CAPTURED":
    case "PARTIALLY_REFUNDED":
    case "REFUNDED":
      return; // already captured: the caller shows the current state
    case "VOIDED":
    case "EXPIRED":
    case "FAILED":
      return reject(
        "AUTHORIZATION_GONE",
        `There is nothing to capture: the card hold ${HOLD_GONE[payment.status]}. ` +
          `Ask the student to pay again, or record the lesson as unpaid.`,
      );
    case "AWAITING_AUTHORIZATION":
      return reject(
        "NOT_AUTHORIZED_YET",
        `The card has not been authorized yet` +
          (payment.authorizeAt ? ` (next attempt at ${instantToken(payment.authorizeAt)})` : "") +
          `, so there is no hold to capture. Try again once the payment shows AUTHORIZED.`,
      );
    case "AUTHORIZED":
      break;
  }
  if (d.isLive("CAPTURE")) return; // a capture is already on its way; asking again changes nothing
  if (d.isLive("VOID")) {
    return reject(
      "VOID_IN_PROGRESS",
      "A void of this hold is in progress, so it can no longer be captured. Wait for it to finish and check the payment.",
    );
  }
  const details = adminDetails(d, reason, requested !== undefined ? { requestedAmount: requested } : {});

  // A lesson that is not terminal yet is finalized first once its scheduled end has passed: joining is closed by
  // then, so the finalize rules already have every fact they need and the grace period only waits for stragglers.
  if (!isTerminalLesson(lesson.status)) {
    if (d.now.getTime() < lesson.scheduledEnd.getTime()) {
      return reject(
        "LESSON_NOT_OVER",
        `The lesson is not over yet (scheduled end ${instantToken(lesson.scheduledEnd)}). It is captured automatically when ` +
          `it is finalized; capture by hand only after the scheduled end if that did not happen.`,
      );
    }
    const amount = requested ?? finalOutcome(lesson, d.policy).settlementAmount;
    const problem = amountProblem(amount, requested !== undefined, payment.amount, money);
    if (problem) return problem;
    applyFinalOutcome(d, details);
    settle(d, amount, details);
    return;
  }

  const amount = requested ?? payment.settlementAmount ?? lesson.priceAmount;
  const problem = amountProblem(amount, requested !== undefined, payment.amount, money);
  if (problem) return problem;
  settle(d, amount, details);
}

function amountProblem(amount: number, explicit: boolean, max: number, money: (n: number) => string): Rejection | undefined {
  if (amount === 0 && !explicit) {
    return reject(
      "INVALID_AMOUNT",
      "By the lesson rules this payment is settled at 0 (the hold should be voided). " +
        "To capture anyway, give an explicit amount together with the reason.",
    );
  }
  if (!validAmount(amount, max)) {
    return reject(
      "INVALID_AMOUNT",
      `The capture amount must be a whole number of minor units between 1 and ${max} (${money(max)}, the authorized amount); got ${amount}.`,
    );
  }
  return undefined;
}

export function adminVoid(d: Draft, reason: string): Rejection | void {
  const { lesson, payment } = d;
  const details = adminDetails(d, reason);
  switch (payment.status) {
    case "CAPTURED":
    case "PARTIALLY_REFUNDED":
    case "REFUNDED":
      return reject("ALREADY_CAPTURED", "This payment was already captured, so there is no hold left to void. Refund it instead.");
    case "VOIDED":
      return;
    case "AUTHORIZED":
      if (d.isLive("VOID")) return;
      if (d.isLive("CAPTURE")) {
        return reject(
          "CAPTURE_IN_PROGRESS",
          "A capture of this hold is in progress. Wait for it to finish, then refund the payment instead of voiding it.",
        );
      }
      break;
    case "AWAITING_AUTHORIZATION":
    case "EXPIRED":
    case "FAILED":
      break;
  }
  if (!isTerminalLesson(lesson.status)) {
    lesson.cancelReason = "CANCELLED_BY_ADMIN";
    lesson.finalizedAt = d.now;
    d.moveLesson("CANCELLED", details);
  } else if (payment.status === "EXPIRED" || payment.status === "FAILED") {
    return; // the hold is already gone and the lesson already over: nothing left to do
  }
  settle(d, 0, details);
}

export function adminRefund(d: Draft, reason: string, amount: number): Rejection | void {
  const { payment } = d;
  const money = (n: number) => moneyToken(n, payment.currency);
  if (payment.status !== "CAPTURED" && payment.status !== "PARTIALLY_REFUNDED") {
    return reject(
      payment.status === "REFUNDED" ? "NOTHING_TO_REFUND" : "NOT_CAPTURED",
      payment.status === "REFUNDED"
        ? "This payment is already fully refunded."
        : isOneOf(UNSETTLED_PAYMENT_STATUSES, payment.status)
          ? "This payment has not been captured, so there is nothing to refund. Void it instead to release the hold."
          : `This payment was never captured (it is ${payment.status}), so there is nothing to refund.`,
    );
  }
  // A chargeback the card network is deciding: the disputed money is the network's, and Stripe refuses to refund a
  // charged-back payment (an inquiry can still be refunded). Refunding it too would return the money twice.
  const dispute = d.state.dispute;
  if (dispute && !dispute.status.startsWith("WARNING_") && isOneOf(OPEN_DISPUTE_STATUSES, dispute.status)) {
    return reject(
      "CHARGE_DISPUTED",
      `The student's bank disputes this payment (${money(dispute.amount)}, ${dispute.status.toLowerCase().replace(/_/g, " ")}): ` +
        "it cannot be refunded while the chargeback is open. Answer the dispute instead; a lost dispute already returns the money.",
    );
  }
  if (d.isLive("REFUND")) {
    return reject(
      "REFUND_IN_PROGRESS",
      `A refund of ${money(d.state.pendingRefundAmount)} is still in progress. Wait until it completes, then refund more if needed.`,
    );
  }
  // what a lost chargeback took back went to the student through their bank: it is not refundable again
  const refundable = payment.amountCaptured - payment.amountRefunded - payment.amountDisputed - d.state.pendingRefundAmount;
  if (refundable <= 0) {
    return reject(
      "NOTHING_TO_REFUND",
      `Nothing is left to refund: ${money(payment.amountRefunded)} is refunded, ${money(payment.amountDisputed)} was taken back by ` +
        `a lost dispute and ${money(d.state.pendingRefundAmount)} is being refunded out of ${money(payment.amountCaptured)} captured.`,
    );
  }
  if (!validAmount(amount, refundable)) {
    return reject(
      "INVALID_AMOUNT",
      `The refund must be a whole number of minor units between 1 and ${refundable} (${money(refundable)}: captured ` +
        `minus already refunded, taken back by a lost dispute and refunds in progress); got ${amount}.`,
    );
  }
  d.request("REFUND", amount, adminDetails(d, reason, { refundable }));
}
