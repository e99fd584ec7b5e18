import "server-only";
// Disputes (chargebacks and inquiries) on the payment's charge. The provider reports them (DISPUTE_REPORTED, from a
// webhook, the worker or reconciliation: duplicated, out of order); an admin answers one (ADMIN_SUBMIT_DISPUTE_EVIDENCE,
// an outbox operation that sends the lesson's facts); the worker records the answer. With separate charges and
// transfers the platform bears the chargeback: a lost dispute takes the disputed amount back from both sides of the
// split (amountDisputed, reversed in the ledger like a refund), a won one releases the frozen earning. The freeze
// itself is derived: an open dispute holds the lesson's earning in the balances (src/server/ledger/balances.ts).

import type { Draft } from "./draft";
import type { Command, DisputeFacts, DisputeSnapshot, DisputeStatus, Rejection } from "./types";
import { iso, reject } from "./rejections";
import { proportionalReversal } from "../money";
import { isOneOf, RESPONSE_DUE_DISPUTE_STATUSES } from "~/shared/statuses";
import { instantToken, moneyToken } from "~/shared/message-tokens";

type Outcome<T extends Command["type"]> = Extract<Command, { type: T }>;

/**
 * How far a dispute has got; a report never moves it back (webhooks arrive in any order). An inquiry can escalate to
 * a chargeback (the same dispute object at Stripe), so every chargeback status ranks above every inquiry status.
 */
const RANK: Record<DisputeStatus, number> = {
  WARNING_NEEDS_RESPONSE: 0,
  WARNING_UNDER_REVIEW: 1,
  WARNING_CLOSED: 2,
  NEEDS_RESPONSE: 3,
  UNDER_REVIEW: 4,
  WON: 5,
  LOST: 5,
};

const isInquiry = (s: DisputeStatus) => s.startsWith("WARNING_");

function metadata(x: DisputeSnapshot) {
  return {
    providerDisputeId: x.providerDisputeId,
    status: x.status,
    amount: x.amount,
    reason: x.reason,
    evidenceDueBy: x.evidenceDueBy ? iso(x.evidenceDueBy) : null,
    fundsWithdrawn: x.fundsWithdrawn,
    fundsReinstated: x.fundsReinstated,
    feeAmount: x.feeAmount,
  };
}

/** The provider's word about the payment's dispute: open it, move it forward, close it (and settle its money). */
export function disputeReported(d: Draft, c: Outcome<"DISPUTE_REPORTED"> | Outcome<"DISPUTE_EVIDENCE_SUBMITTED">): Rejection | void {
  const { payment } = d;
  const facts = c.dispute;
  if (payment.amountCaptured === 0) {
    // Our capture is not recorded yet (its event is late): the provider retries this report, by then it is.
    return reject(
      "DISPUTE_BEFORE_CAPTURE",
      `Dispute ${facts.providerDisputeId} is about a capture not recorded yet; it will be applied once it is.`,
    );
  }
  const current = d.state.dispute;
  if (current && current.providerDisputeId !== facts.providerDisputeId) {
    // A charge is disputed once; a second dispute means the books disagree with the provider somewhere.
    d.notePayment("payment.dispute_second", {
      metadata: { providerDisputeId: facts.providerDisputeId, currentDisputeId: current.providerDisputeId },
    });
    d.raise(
      "PROVIDER_MISMATCH",
      "CRITICAL",
      `Payment ${payment.id} already has dispute ${current.providerDisputeId}, but the provider reports ${facts.providerDisputeId} ` +
        `too. Compare both in the provider dashboard before answering either.`,
    );
    return;
  }
  if (!current) return openDispute(d, facts);
  const next: DisputeSnapshot = {
    ...current,
    // amounts and fees only accumulate at the provider; an older report never lowers them
    fundsWithdrawn: Math.max(current.fundsWithdrawn, facts.fundsWithdrawn),
    fundsReinstated: Math.max(current.fundsReinstated, facts.fundsReinstated),
    feeAmount: Math.max(current.feeAmount, facts.feeAmount),
    evidenceDueBy: facts.evidenceDueBy ?? current.evidenceDueBy,
    status: RANK[facts.status] > RANK[current.status] ? facts.status : current.status,
  };
  if (c.type === "DISPUTE_EVIDENCE_SUBMITTED" && current.evidenceSubmittedAt === null) next.evidenceSubmittedAt = d.now;
  const moved = next.status !== current.status;
  const changed =
    moved || (["fundsWithdrawn", "fundsReinstated", "feeAmount", "evidenceSubmittedAt"] as const).some((k) => next[k] !== current[k]);
  if (!changed && (next.evidenceDueBy?.getTime() ?? null) === (current.evidenceDueBy?.getTime() ?? null)) return;
  d.state.dispute = next;
  if (c.type === "DISPUTE_EVIDENCE_SUBMITTED" && current.evidenceSubmittedAt === null) {
    d.notePayment("payment.dispute_evidence_submitted", { metadata: metadata(next) });
  }
  if (!moved) {
    if (c.type !== "DISPUTE_EVIDENCE_SUBMITTED")
      d.notePayment("payment.dispute_updated", { metadata: { ...metadata(next), previousStatus: current.status } });
    return;
  }
  switch (next.status) {
    case "LOST":
      return closeLost(d, next);
    case "WON":
    case "WARNING_CLOSED":
      next.closedAt = d.now;
      d.notePayment(next.status === "WON" ? "payment.dispute_won" : "payment.dispute_closed", {
        reason:
          next.status === "WON"
            ? "the card network decided for us: the tutor's earning is released"
            : "the inquiry closed without a chargeback",
        metadata: metadata(next),
      });
      return;
    default:
      d.notePayment("payment.dispute_updated", { metadata: { ...metadata(next), previousStatus: current.status } });
      // an inquiry that became a chargeback needs an answer again, by a new deadline
      if (isInquiry(current.status) && !isInquiry(next.status)) raiseOpened(d, next);
  }
}

function openDispute(d: Draft, facts: DisputeFacts): void {
  const dispute: DisputeSnapshot = {
    id: `dsp_${facts.providerDisputeId}`,
    ...facts,
    status: facts.status,
    evidenceSubmittedAt: null,
    evidenceSubmittedBy: null,
    closedAt: null,
  };
  d.state.dispute = dispute;
  d.notePayment("payment.dispute_opened", {
    reason: "the cardholder's bank disputes the charge: the tutor's earning is frozen until it closes",
    metadata: metadata(dispute),
  });
  // The first report may already be the last (a late webhook, or reconciliation finding a closed dispute).
  if (dispute.status === "LOST") return closeLost(d, dispute);
  if (dispute.status === "WON" || dispute.status === "WARNING_CLOSED") {
    dispute.closedAt = d.now;
    d.notePayment(dispute.status === "WON" ? "payment.dispute_won" : "payment.dispute_closed", { metadata: metadata(dispute) });
    return;
  }
  raiseOpened(d, dispute);
}

function raiseOpened(d: Draft, x: DisputeSnapshot): void {
  const money = moneyToken(x.amount, x.currency);
  const due = x.evidenceDueBy ? instantToken(x.evidenceDueBy) : "the provider's deadline";
  d.raise(
    "DISPUTE_OPENED",
    isInquiry(x.status) ? "WARNING" : "CRITICAL",
    `${isInquiry(x.status) ? "An inquiry" : "A chargeback"} (${x.reason}) disputes ${money} of lesson ${d.lesson.id}. ` +
      `Open the lesson and press "Submit evidence" before ${due}: it sends the booking, join and leave times, call ` +
      `duration, media evidence and the timeline. The tutor's earning is frozen until the dispute closes.`,
  );
}

/** Lost: the disputed amount is gone from the platform's balance; take it back from both sides of the split. */
function closeLost(d: Draft, x: DisputeSnapshot): void {
  const p = d.payment;
  x.closedAt = d.now;
  const left = p.amountCaptured - p.amountRefunded - p.amountDisputed;
  const amount = Math.max(0, Math.min(x.amount, left));
  const r =
    amount > 0
      ? proportionalReversal(
          { captured: p.amountCaptured, platformFee: p.platformFee, tutorShare: p.tutorShare },
          amount,
          p.amountRefunded + p.amountDisputed,
        )
      : { platformFeeReversed: 0, tutorShareReversed: 0 };
  p.amountDisputed += amount;
  d.notePayment("payment.dispute_lost", {
    reason: "the card network decided for the cardholder: the disputed amount is reversed on both sides",
    metadata: { ...metadata(x), platformFeeReversed: r.platformFeeReversed, tutorShareReversed: r.tutorShareReversed },
  });
  d.raise(
    "DISPUTE_LOST",
    "WARNING",
    `The dispute on lesson ${d.lesson.id} was lost: ${moneyToken(amount, p.currency)} went back to the cardholder ` +
      `(tutor share ${moneyToken(r.tutorShareReversed, p.currency)}, platform fee ${moneyToken(r.platformFeeReversed, p.currency)}) ` +
      `and the dispute fee ${moneyToken(x.feeAmount, x.currency)} is the platform's cost. If the tutor was already paid, ` +
      `the clawback is under way; check the tutor's balance.`,
  );
}

/** The admin's "Submit evidence": one outbox operation sends the lesson's own facts after commit. */
export function adminSubmitDisputeEvidence(d: Draft, reason: string): Rejection | void {
  const x = d.state.dispute;
  if (!x) return reject("NO_DISPUTE", "This lesson's payment has no dispute to answer.");
  // already on its way, or already sent: a second click (or a second admin) changes nothing
  if (d.isLive("DISPUTE_EVIDENCE") || x.evidenceSubmittedAt !== null) return;
  if (!isOneOf(RESPONSE_DUE_DISPUTE_STATUSES, x.status)) {
    return reject(
      "DISPUTE_NOT_AWAITING_EVIDENCE",
      `The dispute is ${x.status.toLowerCase().replaceAll("_", " ")}: evidence can be sent only while it needs a response.`,
    );
  }
  d.state.dispute = { ...x, evidenceSubmittedBy: d.ctx.actor.id };
  d.request("DISPUTE_EVIDENCE", null, { reason, metadata: { actorType: d.ctx.actor.type, actorId: d.ctx.actor.id } });
}

/** The provider refused the evidence for good (e.g. the dispute closed meanwhile): say so, with what to do. */
export function disputeEvidenceFailed(d: Draft, c: Outcome<"DISPUTE_EVIDENCE_FAILED">): void {
  d.notePayment("payment.dispute_evidence_failed", { reason: c.message, metadata: { code: c.code } });
  d.raise(
    "DISPUTE_EVIDENCE_FAILED",
    "CRITICAL",
    `The evidence for the dispute on lesson ${d.lesson.id} was not accepted (${c.code}: ${c.message}). ` +
      `Open the dispute in the Stripe Dashboard and answer it there before its deadline.`,
  );
}
