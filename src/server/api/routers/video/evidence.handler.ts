import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { lessonMediaEvidence } from "~/server/call";
import type { TEvidenceInputSchema } from "./evidence.schema";

type EvidenceOptions = { ctx: AdminContext; input: TEvidenceInputSchema };

/** Admins only (wired with adminProcedure): the lesson's media spans, for its detail page. */
export const evidenceHandler = ({ ctx, input }: EvidenceOptions) => lessonMediaEvidence(ctx.services, input.lessonId);
