import "server-only";
import { createTRPCRouter, protectedProcedure, studentProcedure } from "~/server/api/trpc";
import { bookHandler } from "./book.handler";
import { ZBookInputSchema } from "./book.schema";
import { getHandler } from "./get.handler";
import { ZGetInputSchema } from "./get.schema";
import { pollHandler } from "./poll.handler";
import { ZPollInputSchema } from "./poll.schema";
import { listHandler } from "./list.handler";
import { ZListInputSchema } from "./list.schema";
import { joinHandler } from "./join.handler";
import { ZJoinInputSchema } from "./join.schema";
import { endCallHandler } from "./endCall.handler";
import { ZEndCallInputSchema } from "./endCall.schema";
import { leaveHandler } from "./leave.handler";
import { ZLeaveInputSchema } from "./leave.schema";
import { cancelHandler } from "./cancel.handler";
import { ZCancelInputSchema } from "./cancel.schema";
import { reportProblemHandler } from "./reportProblem.handler";
import { ZReportProblemInputSchema } from "./reportProblem.schema";

export const lessonRouter = createTRPCRouter({
  book: studentProcedure.input(ZBookInputSchema).mutation(({ ctx, input }) => bookHandler({ ctx, input })),
  get: protectedProcedure.input(ZGetInputSchema).query(({ ctx, input }) => getHandler({ ctx, input })),
  /** the lesson page's poll: "unchanged" after one indexed read, or the new view (see lesson-poll.ts) */
  poll: protectedProcedure.input(ZPollInputSchema).query(({ ctx, input }) => pollHandler({ ctx, input })),
  list: protectedProcedure.input(ZListInputSchema).query(({ ctx, input }) => listHandler({ ctx, input })),
  join: protectedProcedure.input(ZJoinInputSchema).mutation(({ ctx, input }) => joinHandler({ ctx, input })),
  endCall: protectedProcedure.input(ZEndCallInputSchema).mutation(({ ctx, input }) => endCallHandler({ ctx, input })),
  leave: protectedProcedure.input(ZLeaveInputSchema).mutation(({ ctx, input }) => leaveHandler({ ctx, input })),
  cancel: protectedProcedure.input(ZCancelInputSchema).mutation(({ ctx, input }) => cancelHandler({ ctx, input })),
  reportProblem: studentProcedure.input(ZReportProblemInputSchema).mutation(({ ctx, input }) => reportProblemHandler({ ctx, input })),
});
