import "server-only";
// The admin's "Submit evidence": the lifecycle command (audited with the admin and the reason, under the lesson's row
// lock), then its outbox operation performed right away so the admin sees the provider's answer. A second click
// while one is on its way changes nothing and reports it pending.
import { AppError } from "~/server/errors";
import { applyCommand } from "~/server/lifecycle/apply-command";
import type { Actor } from "~/server/lifecycle/types";
import { runDueOperations } from "~/server/payments/operation-worker";
import type { Services } from "~/server/services";

export interface SubmitEvidenceResult {
  outcome: "submitted" | "pending" | "failed";
  disputeStatus: string;
  evidenceSubmittedAt: Date | null;
  message: string;
}

export async function submitDisputeEvidence(
  services: Services,
  actor: Actor,
  lessonId: string,
  reason: string,
): Promise<SubmitEvidenceResult> {
  const result = await applyCommand(services, lessonId, { type: "ADMIN_SUBMIT_DISPUTE_EVIDENCE", reason }, actor, { reason });
  if (!result.ok) {
    if (result.rejection.code === "NOT_FOUND") throw new AppError("NOT_FOUND", "No lesson with this id.");
    throw new AppError("RULE_VIOLATION", result.rejection.message, { rule: result.rejection.code });
  }
  if (result.operationIds.length) await runDueOperations(services, { onlyIds: result.operationIds, workerId: `admin:${actor.id}` });
  const dispute = await services.db.dispute.findFirstOrThrow({ where: { lessonId }, orderBy: [{ openedAt: "desc" }, { id: "asc" }] });
  const op = await services.db.paymentOperation.findFirst({
    where: { paymentId: dispute.paymentId, kind: "DISPUTE_EVIDENCE" },
    orderBy: { createdAt: "desc" },
  });
  if (dispute.evidenceSubmittedAt) {
    return {
      outcome: "submitted",
      disputeStatus: dispute.status,
      evidenceSubmittedAt: dispute.evidenceSubmittedAt,
      message: "The lesson's facts were sent to the card network; the dispute is under review.",
    };
  }
  if (op?.state === "FAILED") {
    return {
      outcome: "failed",
      disputeStatus: dispute.status,
      evidenceSubmittedAt: null,
      message: `The provider did not accept the evidence: ${op.lastError ?? "unknown error"}. Answer the dispute in the Stripe Dashboard.`,
    };
  }
  return {
    outcome: "pending",
    disputeStatus: dispute.status,
    evidenceSubmittedAt: null,
    message: "The evidence is on its way to the provider; this page updates when it is accepted.",
  };
}
