import "server-only";
// The DISPUTE_EVIDENCE outbox operation: after the admin's "Submit evidence" committed, send the lesson's facts to
// the provider and submit them, under the operation's idempotency key, then record what the dispute became.
import type { WorkerDeps } from "~/server/payments/operation-worker";
import type { OperationContext, OperationOutcome } from "~/server/payments/perform-operation";
import { isProviderError } from "~/server/providers/errors";
import { disputeFacts } from "~/server/providers/mapping";
import type { DisputeSnapshot } from "~/server/providers/stripe";
import { assembleDisputeEvidence } from "./evidence";

function submitted(dp: DisputeSnapshot): OperationOutcome {
  const dispute = disputeFacts(dp);
  if (!dispute) return { kind: "retry", error: `the provider reports an unknown dispute status: ${dp.status}` };
  return { kind: "record", command: { type: "DISPUTE_EVIDENCE_SUBMITTED", dispute }, finish: "SUCCEEDED", providerObjectId: dp.disputeId };
}

export async function performDisputeEvidence(deps: WorkerDeps, op: OperationContext): Promise<OperationOutcome> {
  const dispute = await deps.db.dispute.findFirst({ where: { paymentId: op.paymentId }, orderBy: [{ openedAt: "desc" }, { id: "asc" }] });
  if (!dispute) return { kind: "retry", error: "no dispute recorded for this payment" };
  const row = await deps.db.paymentOperation.findUniqueOrThrow({ where: { id: op.operationId }, select: { createdAt: true } });
  try {
    if (op.reconcileFirst) {
      // An earlier attempt may have landed: a dispute that left "needs response" has our evidence (or is closed).
      const seen = await deps.stripe.retrieveDispute(dispute.providerDisputeId);
      if (seen.submissionCount > 0 || !seen.status.endsWith("needs_response")) return submitted(seen);
    }
    const evidence = await assembleDisputeEvidence(deps, op.lessonId, row.createdAt);
    return submitted(
      await deps.stripe.submitDisputeEvidence({
        disputeId: dispute.providerDisputeId,
        evidence,
        submit: true,
        idempotencyKey: op.idempotencyKey,
      }),
    );
  } catch (err) {
    if (!isProviderError(err)) return { kind: "unknown", error: err instanceof Error ? err.message : String(err) };
    const f = err.failure;
    if (f.kind === "ambiguous") return { kind: "unknown", error: `${f.code}: ${f.message}` };
    if (f.kind === "rate_limited") return { kind: "retry", error: `${f.code}: ${f.message}` };
    // Refused for good (closed meanwhile, evidence rejected): record what the dispute is now, and tell the admin.
    return {
      kind: "record",
      command: { type: "DISPUTE_EVIDENCE_FAILED", code: f.code, message: f.message },
      finish: "FAILED",
      error: `${f.code}: ${f.message}`,
    };
  }
}
