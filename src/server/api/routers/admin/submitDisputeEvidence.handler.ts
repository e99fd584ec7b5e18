import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { submitDisputeEvidence } from "~/server/disputes/submit-evidence";
import type { TSubmitDisputeEvidenceInputSchema } from "./submitDisputeEvidence.schema";

type SubmitDisputeEvidenceOptions = { ctx: AdminContext; input: TSubmitDisputeEvidenceInputSchema };

export const submitDisputeEvidenceHandler = ({ ctx, input }: SubmitDisputeEvidenceOptions) =>
  submitDisputeEvidence(ctx.services, ctx.actor, input.lessonId, input.reason);
