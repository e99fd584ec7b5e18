import "server-only";
// The pure heart of the lifecycle: (state, command, now, policy, actor) → next state + operations + audit + alerts,
// or a rejection a person can act on. No I/O and no clock: applyCommand does the locking and writing around it.
//
// Contract for the writer:
// - `changed: false` means nothing to write; `next` is the very object passed in.
// - `next.liveOperations` = the live operations passed in plus those requested now; this function never finishes an
//   operation (the caller marks the one whose outcome it records). Counters (capture/void/refund operation counts,
//   authorizationAttempts, pendingRefundAmount) already include the operations requested now.
// - `next.lesson.version` is bumped by exactly one on every change.

import type { Actor, Command, LessonState, Participant, Rejection, TransitionOutcome } from "./types";
import type { TransitionContext } from "./draft";
import { Draft } from "./draft";
import { reject } from "./rejections";
import { cancel, endCall, join, leave } from "./participant-commands";
import { authorizeScheduled, finalize, sweep } from "./cron-commands";
import { adminCapture, adminRefund, adminVoid } from "./admin-commands";
import {
  authorizationExpired,
  authorizationFailed,
  authorizationSucceeded,
  captureFailed,
  captureSucceeded,
  refundSucceeded,
  voidSucceeded,
} from "./provider-outcomes";
import { adminSubmitDisputeEvidence, disputeEvidenceFailed, disputeReported } from "./dispute-commands";

export type { TransitionContext } from "./draft";
export { planBooking } from "./booking";
export type { BookingInput } from "./booking";
export { canMove, isTerminalLesson } from "./graph";

/** Who may give which command. Humans act only as themselves; money moves by hand only from admins and ops. */
function actorProblem(command: Command, actor: Actor): Rejection | null {
  switch (command.type) {
    case "JOIN":
    case "LEAVE":
    case "END_CALL":
    case "CANCEL":
      return actor.type === command.by
        ? null
        : reject(
            "ACTOR_NOT_ALLOWED",
            `This ${command.type.toLowerCase().replace("_", " ")} was sent on behalf of the ${participantName(command.by)}, ` +
              `but you are acting as ${actor.type.toLowerCase()}. Reload the lesson page and try again.`,
          );
    case "ADMIN_CAPTURE":
    case "ADMIN_VOID":
    case "ADMIN_REFUND":
      if (actor.type !== "ADMIN" && actor.type !== "OPS") {
        return reject("ACTOR_NOT_ALLOWED", "Only an admin (or an engineer with the ops CLI) can capture, void or refund by hand.");
      }
      return command.reason.trim() === ""
        ? reject("REASON_REQUIRED", "Say why you are doing this: admin payment actions need a reason for the audit trail.")
        : null;
    case "ADMIN_SUBMIT_DISPUTE_EVIDENCE":
      if (actor.type !== "ADMIN" && actor.type !== "OPS") {
        return reject("ACTOR_NOT_ALLOWED", "Only an admin (or an engineer with the ops CLI) can answer a dispute.");
      }
      return command.reason.trim() === ""
        ? reject("REASON_REQUIRED", "Say why you are doing this: admin payment actions need a reason for the audit trail.")
        : null;
    default:
      return null;
  }
}

function participantName(p: Participant): string {
  return p === "STUDENT" ? "student" : "tutor";
}

/** Provider-reported amounts are trusted as facts but must at least be whole minor units. */
function amountProblem(command: Command): Rejection | null {
  const bad = (value: number | undefined) => value !== undefined && (!Number.isSafeInteger(value) || value < 0);
  switch (command.type) {
    case "CAPTURE_SUCCEEDED":
      return bad(command.amountCaptured)
        ? reject("INVALID_AMOUNT", `A captured amount must be a whole number of minor units; got ${command.amountCaptured}.`)
        : null;
    case "DISPUTE_REPORTED":
    case "DISPUTE_EVIDENCE_SUBMITTED": {
      const x = command.dispute;
      return [x.amount, x.fundsWithdrawn, x.fundsReinstated, x.feeAmount].some((v) => bad(v))
        ? reject("INVALID_AMOUNT", `A dispute's amounts must be whole numbers of minor units; got ${x.amount}.`)
        : null;
    }
    case "REFUND_SUCCEEDED":
      return bad(command.amount) || bad(command.totalRefunded)
        ? reject("INVALID_AMOUNT", `A refunded amount must be a whole number of minor units; got ${command.amount}.`)
        : null;
    default:
      return null;
  }
}

export function transition(state: LessonState, command: Command, ctx: TransitionContext): TransitionOutcome {
  const problem = actorProblem(command, ctx.actor) ?? amountProblem(command);
  if (problem) return problem;
  const d = new Draft(state, command, ctx);
  const rejection = dispatch(d, command);
  return rejection ?? d.result();
}

function dispatch(d: Draft, command: Command): Rejection | void {
  switch (command.type) {
    case "JOIN":
      return join(d, command.by);
    case "LEAVE":
      return leave(d, command.by);
    case "END_CALL":
      return endCall(d, command.by);
    case "CANCEL":
      return cancel(d, command.by, command.reason);
    case "FINALIZE":
      return finalize(d);
    case "AUTHORIZE_SCHEDULED":
      return authorizeScheduled(d);
    case "SWEEP":
      return sweep(d);
    case "ADMIN_CAPTURE":
      return adminCapture(d, command.reason, command.amount);
    case "ADMIN_VOID":
      return adminVoid(d, command.reason);
    case "ADMIN_REFUND":
      return adminRefund(d, command.reason, command.amount);
    case "AUTHORIZATION_SUCCEEDED":
      return authorizationSucceeded(d, command);
    case "AUTHORIZATION_FAILED":
      return authorizationFailed(d, command);
    case "CAPTURE_SUCCEEDED":
      return captureSucceeded(d, command);
    case "CAPTURE_FAILED":
      return captureFailed(d, command);
    case "VOID_SUCCEEDED":
      return voidSucceeded(d);
    case "AUTHORIZATION_EXPIRED":
      return authorizationExpired(d);
    case "REFUND_SUCCEEDED":
      return refundSucceeded(d, command);
    case "DISPUTE_REPORTED":
    case "DISPUTE_EVIDENCE_SUBMITTED":
      return disputeReported(d, command);
    case "ADMIN_SUBMIT_DISPUTE_EVIDENCE":
      return adminSubmitDisputeEvidence(d, command.reason);
    case "DISPUTE_EVIDENCE_FAILED":
      return disputeEvidenceFailed(d, command);
  }
}
