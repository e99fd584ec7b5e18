import "server-only";
// A payment against its current PaymentIntent (as the list API shows it, latest charge included), and PaymentIntents
// that are not any payment's current one. Pure: the walk loads the rows and the page, these decide what disagrees and
// which repair is safe. The provider state is read through the one mapping (readPaymentIntent / commandFromIntent),
// so "lapsed", "released" or "captured" mean here what they mean to the worker, the webhooks and the sweep.
import type { Command } from "~/server/lifecycle/types";
import { commandFromIntent, OBSERVER, readPaymentIntent, refundCommand } from "~/server/providers/mapping";
import type { PaymentIntentSnapshot } from "~/server/providers/stripe";
import { moneyToken } from "~/shared/message-tokens";
import { CAPTURED_PAYMENT_STATUSES, isOneOf } from "~/shared/statuses";
import { type Finding, OBJECT_CHECKS, PAYMENT_CHECKS, type SubjectCheck } from "./findings";

export interface PaymentRow {
  id: string;
  lessonId: string;
  status: string;
  currency: string;
  amountCaptured: number;
  amountRefunded: number;
  platformFee: number;
  tutorShare: number;
  providerPaymentIntentId: string | null;
  /** an outbox operation is still working on it: its worker records the outcome, reconciliation waits */
  liveOperations: number;
}

export interface PaymentComparison {
  check: SubjectCheck;
  /** a command that records what the provider did, when that is safe (see below); the finding it repairs */
  repair: { command: Command; finding: Finding } | null;
}

const RELEASED_OR_FAILED = ["VOIDED", "EXPIRED", "FAILED"] as const;

/** What the provider holds (a live authorization) or kept (captured less refunded) on this intent. */
export function moneyOnIntent(pi: PaymentIntentSnapshot): number {
  const r = readPaymentIntent(pi);
  if (r.state === "held") return pi.amountCapturable;
  if (r.state === "captured") return Math.max(0, pi.amountReceived - pi.amountRefunded);
  return 0;
}

function theirsOf(pi: PaymentIntentSnapshot) {
  return {
    paymentIntentId: pi.paymentIntentId,
    status: pi.status,
    cancellationReason: pi.cancellationReason,
    amountCapturable: pi.amountCapturable,
    amountReceived: pi.amountReceived,
    amountRefunded: pi.amountRefunded,
    applicationFeeAmount: pi.applicationFeeAmount,
  };
}

function oursOf(p: PaymentRow) {
  return {
    status: p.status,
    amountCaptured: p.amountCaptured,
    amountRefunded: p.amountRefunded,
    platformFee: p.platformFee,
    tutorShare: p.tutorShare,
    paymentIntentId: p.providerPaymentIntentId,
  };
}

/**
 * A payment against its current PaymentIntent. Null when an operation is in flight (its worker will record the
 * outcome; comparing now would report our own capture as a disagreement).
 * Safe repairs, all through applyCommand: ours AUTHORIZED (or still awaiting) while Stripe shows the hold captured,
 * released or lapsed, or held; ours captured while Stripe shows more refunded. Never a repair that would move money.
 */
export function comparePayment(p: PaymentRow, pi: PaymentIntentSnapshot): PaymentComparison | null {
  if (p.liveOperations > 0) return null;
  const findings: Finding[] = [];
  let repair: PaymentComparison["repair"] = null;
  const ours = oursOf(p);
  const theirs = theirsOf(pi);
  const reading = readPaymentIntent(pi);
  const money = (amount: number) => moneyToken(amount, p.currency);
  const status = (severity: Finding["severity"], message: string): Finding => ({
    kind: "STATUS_MISMATCH",
    severity,
    message,
    ours,
    theirs,
  });

  if (p.status === "AUTHORIZED" || p.status === "AWAITING_AUTHORIZATION") {
    const alreadyHeld = p.status === "AUTHORIZED" && reading.state === "held";
    const command = alreadyHeld ? null : commandFromIntent(pi, OBSERVER);
    if (command) {
      const finding = status(
        "WARNING",
        `We say ${p.status} but Stripe says ${pi.status}${pi.cancellationReason ? ` (${pi.cancellationReason})` : ""}.`,
      );
      findings.push(finding);
      repair = { command, finding };
    }
  } else if (isOneOf(RELEASED_OR_FAILED, p.status)) {
    const held = moneyOnIntent(pi);
    if (reading.state === "held" && held > 0) {
      findings.push(status("CRITICAL", `We say ${p.status} but Stripe still holds ${money(held)} on the student's card.`));
    } else if (reading.state === "captured" && held > 0) {
      findings.push(status("CRITICAL", `We say ${p.status} but Stripe took ${money(held)} from the student.`));
    }
  } else if (isOneOf(CAPTURED_PAYMENT_STATUSES, p.status)) {
    if (reading.state !== "captured") {
      findings.push(
        status("CRITICAL", `We say ${p.status} (${money(p.amountCaptured)} captured) but Stripe says ${pi.status}: no money was taken.`),
      );
    } else {
      if (pi.amountReceived !== p.amountCaptured) {
        findings.push({
          kind: "AMOUNT_MISMATCH",
          severity: "CRITICAL",
          message: `Captured: we say ${money(p.amountCaptured)}, Stripe says ${money(pi.amountReceived)}.`,
          ours,
          theirs,
        });
      }
      if (pi.amountRefunded !== p.amountRefunded) {
        const finding: Finding = {
          kind: "AMOUNT_MISMATCH",
          severity: pi.amountRefunded > p.amountRefunded ? "WARNING" : "CRITICAL",
          message: `Refunded: we say ${money(p.amountRefunded)}, Stripe says ${money(pi.amountRefunded)}.`,
          ours,
          theirs,
        };
        // A refund made at the provider (the Dashboard, support) is real money given back: recording it reverses
        // both sides of the split like any refund. Less refunded there than here is not something to record.
        const command = refundCommand({ totalRefunded: pi.amountRefunded, knownRefunded: p.amountRefunded });
        if (findings.length === 0 && command) repair = { command, finding };
        findings.push(finding);
      }
      if (pi.applicationFeeAmount !== null && pi.applicationFeeAmount !== p.platformFee) {
        findings.push({
          kind: "FEE_SPLIT_MISMATCH",
          severity: "WARNING",
          message: `Stripe recorded a platform fee of ${money(pi.applicationFeeAmount)}; our split is ${money(p.platformFee)} fee + ${money(p.tutorShare)} tutor share of ${money(p.amountCaptured)}.`,
          ours,
          theirs,
        });
      }
    }
  }
  return {
    check: {
      subjectType: "PAYMENT",
      subjectId: p.id,
      lessonId: p.lessonId,
      providerObjectId: pi.paymentIntentId,
      checks: PAYMENT_CHECKS,
      findings,
    },
    repair,
  };
}

/**
 * A PaymentIntent that is no payment's current one: an abandoned attempt (fine, if it holds nothing), a PI made by hand
 * or by a retry, or one carrying no id of ours. It is a discrepancy only while it holds or kept money.
 * `payment` is the row its metadata names, if any; `releaseRequested`: a release is already on its way.
 */
export function compareForeignIntent(
  pi: PaymentIntentSnapshot,
  payment: { id: string; lessonId: string } | null,
  releaseRequested: boolean,
): SubjectCheck {
  const held = moneyOnIntent(pi);
  const findings: Finding[] = [];
  if (held > 0 && !releaseRequested) {
    const what = readPaymentIntent(pi).state === "held" ? "holds" : "took";
    const whose = payment ? `names payment ${payment.id} but is not its current PaymentIntent` : "carries no payment of ours";
    findings.push({
      kind: "PROVIDER_ONLY",
      severity: "CRITICAL",
      message: `PaymentIntent ${pi.paymentIntentId} ${what} ${moneyToken(held, pi.currency.toUpperCase())} and ${whose}.`,
      ours: payment ? { paymentId: payment.id } : null,
      theirs: theirsOf(pi),
    });
  }
  return {
    subjectType: "PROVIDER_OBJECT",
    subjectId: pi.paymentIntentId,
    lessonId: payment?.lessonId ?? null,
    providerObjectId: pi.paymentIntentId,
    checks: OBJECT_CHECKS,
    findings,
  };
}
