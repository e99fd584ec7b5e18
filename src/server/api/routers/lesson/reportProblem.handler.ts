import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { reportProblem } from "~/server/payouts/problem-reports";
import type { TReportProblemInputSchema } from "./reportProblem.schema";

type ReportProblemOptions = { ctx: AuthedContext; input: TReportProblemInputSchema };

export const reportProblemHandler = ({ ctx, input }: ReportProblemOptions) =>
  reportProblem(ctx.services, ctx.user, input.lessonId, input.reason);
