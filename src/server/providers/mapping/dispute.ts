// A Stripe dispute → the lifecycle command that records it. The webhook handler, the evidence operation and
// reconciliation all read a dispute through here, so "what does this dispute status mean for us" is decided once.
import "server-only";
import type { Command, DisputeFacts, DisputeStatus } from "~/server/lifecycle/types";
import type { DisputeSnapshot } from "~/server/providers/stripe";

const STATUS: Record<string, DisputeStatus> = {
  warning_needs_response: "WARNING_NEEDS_RESPONSE",
  warning_under_review: "WARNING_UNDER_REVIEW",
  warning_closed: "WARNING_CLOSED",
  needs_response: "NEEDS_RESPONSE",
  under_review: "UNDER_REVIEW",
  won: "WON",
  lost: "LOST",
  // Stripe's newer statuses, in the nearest of ours: an appeal is a response due / under review again; a dispute
  // "prevented" (resolved before it became a chargeback) took no money, like a closed inquiry.
  appeal_needs_response: "NEEDS_RESPONSE",
  appeal_under_review: "UNDER_REVIEW",
  prevented: "WARNING_CLOSED",
};

/** Our status for Stripe's; null for a status this product does not know (recorded by the caller, never guessed). */
export function disputeStatusOf(stripeStatus: string): DisputeStatus | null {
  return STATUS[stripeStatus] ?? null;
}

export function disputeFacts(dp: DisputeSnapshot): DisputeFacts | null {
  const status = disputeStatusOf(dp.status);
  if (!status) return null;
  return {
    providerDisputeId: dp.disputeId,
    providerChargeId: dp.chargeId,
    amount: dp.amount,
    currency: dp.currency.toUpperCase(),
    reason: dp.reason,
    status,
    evidenceDueBy: dp.evidenceDueBy,
    fundsWithdrawn: dp.fundsWithdrawn,
    fundsReinstated: dp.fundsReinstated,
    feeAmount: dp.feeAmount,
    openedAt: dp.created,
  };
}

/** What a dispute's current state means: record it (open, move on, close and settle its money). */
export function commandFromDispute(dp: DisputeSnapshot): Command | null {
  const dispute = disputeFacts(dp);
  return dispute ? { type: "DISPUTE_REPORTED", dispute } : null;
}
