import { mediaEvidenceFor } from "~/server/call";
import { AppError } from "~/server/errors";
import type { Services } from "~/server/services";
import type { TEvidenceInputSchema } from "./evidence.schema";

type EvidenceOptions = { ctx: { services: Services }; input: TEvidenceInputSchema };

/** Admins only (wired with adminProcedure): the lesson's media spans, for its detail page. */
export const evidenceHandler = async ({ ctx, input }: EvidenceOptions) => {
  const lesson = await ctx.services.db.lesson.findUnique({ where: { id: input.lessonId }, select: { id: true } });
  if (!lesson) throw new AppError("NOT_FOUND", "No lesson with this id.");
  return mediaEvidenceFor(ctx.services, input.lessonId);
};
