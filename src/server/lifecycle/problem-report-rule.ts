import "server-only";
// Whether a student may report a problem with a lesson, decided in this one place: reportProblem enforces it and the
// lesson view sends its answer to the pages, so the button a student sees and the procedure it calls cannot disagree.
//
// The rule: the lesson's own student, from the scheduled start until the scheduled end + problemReportWindowMs (both
// instants included), once per lesson, and only when the student was or will be charged something — a lesson that
// ended with nothing charged (voided, declined, expired, refunded in full, free cancellation) has nothing to dispute,
// while a late-cancellation fee or a half-price no-show does. A lesson not settled yet may still be charged, so it
// counts as charged until it is. A closed window is said before an existing report (it is the answer that lasts).
import { instantToken } from "~/shared/message-tokens";
import { isOneOf, TERMINAL_LESSON_STATUSES } from "~/shared/statuses";
import type { Policy } from "./policy";
import { problemReportDeadline } from "./schedule";

export type ProblemReportRefusalCode = "STUDENT_ONLY" | "ALREADY_REPORTED" | "NOTHING_CHARGED" | "TOO_EARLY" | "REPORT_WINDOW_CLOSED";

export interface ProblemReportFacts {
  /** who asks: only the lesson's student may report */
  viewer: "STUDENT" | "TUTOR";
  lesson: { status: string; scheduledStart: Date; scheduledEnd: Date };
  payment: { status: string; amountCaptured: number; amountRefunded: number; settlementAmount: number | null } | null;
  /** a report exists already (one per lesson) */
  reported: boolean;
}

export type ProblemReportDecision =
  { allowed: true; deadline: Date } | { allowed: false; deadline: Date; code: ProblemReportRefusalCode; message: string };

/** "72 hours", "90 minutes": the policy's window in the words of the refusal. */
function windowWords(ms: number): string {
  const hours = ms / 3_600_000;
  if (Number.isInteger(hours)) return `${hours} hour${hours === 1 ? "" : "s"}`;
  const minutes = Math.round(ms / 60_000);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** Why nothing is left to dispute, or null when the student was (or may still be) charged. */
function nothingCharged(facts: ProblemReportFacts): string | null {
  const p = facts.payment;
  if (!p) return "This lesson has no payment, so there is nothing to dispute.";
  switch (p.status) {
    case "CAPTURED":
    case "PARTIALLY_REFUNDED":
      return p.amountCaptured - p.amountRefunded > 0 ? null : "Nothing is left charged for this lesson, so there is nothing to dispute.";
    case "REFUNDED":
      return "The payment for this lesson was refunded in full, so there is nothing left to dispute.";
    case "AUTHORIZED":
    case "AWAITING_AUTHORIZATION":
      // settled lessons know what they cost; one not settled yet may still be charged
      if (!isOneOf(TERMINAL_LESSON_STATUSES, facts.lesson.status) || (p.settlementAmount ?? 0) > 0) return null;
      return "Nothing is charged for this lesson (the card hold is released), so there is nothing to dispute.";
    default:
      return "Nothing was charged for this lesson, so there is nothing to dispute.";
  }
}

export function problemReportRule(facts: ProblemReportFacts, now: Date, policy: Readonly<Policy>): ProblemReportDecision {
  const deadline = problemReportDeadline(facts.lesson, policy);
  const refuse = (code: ProblemReportRefusalCode, message: string): ProblemReportDecision => ({ allowed: false, deadline, code, message });
  if (facts.viewer !== "STUDENT") return refuse("STUDENT_ONLY", "Only the student of a lesson can report a problem with it.");
  const nothing = nothingCharged(facts);
  if (nothing) return refuse("NOTHING_CHARGED", `${nothing} Contact support if something else went wrong.`);
  if (now.getTime() < facts.lesson.scheduledStart.getTime()) {
    return refuse("TOO_EARLY", `You can report a problem once the lesson has started (${instantToken(facts.lesson.scheduledStart)}).`);
  }
  if (now.getTime() > deadline.getTime()) {
    return refuse(
      "REPORT_WINDOW_CLOSED",
      `Problems can be reported until ${instantToken(deadline)} (${windowWords(policy.problemReportWindowMs)} after the lesson's ` +
        `scheduled end). Contact support for anything later.`,
    );
  }
  if (facts.reported) return refuse("ALREADY_REPORTED", "A problem is already reported for this lesson; our team is looking at it.");
  return { allowed: true, deadline };
}
