import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { resolveProblem } from "~/server/payouts/problem-reports";
import type { TResolveProblemInputSchema } from "./resolveProblem.schema";

type ResolveProblemOptions = { ctx: AdminContext; input: TResolveProblemInputSchema };

export const resolveProblemHandler = ({ ctx, input }: ResolveProblemOptions) =>
  resolveProblem(ctx.services, ctx.actor, input.lessonId, input.resolution, input.reason);
