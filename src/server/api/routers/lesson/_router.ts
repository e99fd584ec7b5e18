import "server-only";
import { createTRPCRouter, protectedProcedure, studentProcedure } from "~/server/api/trpc";
import { getLessonView, listLessonViews } from "~/server/lessons/lesson-view";
import { reportProblem } from "~/server/payouts/problem-reports";
import { bookInput, cancelInput, lessonIdInput, listInput, reportProblemInput } from "./lesson.schema";
import { bookHandler } from "./book.handler";
import { participantHandler } from "./participant.handler";

export const lessonRouter = createTRPCRouter({
  book: studentProcedure.input(bookInput).mutation(({ ctx, input }) => bookHandler(ctx, input)),
  get: protectedProcedure.input(lessonIdInput).query(({ ctx, input }) => getLessonView(ctx.services, ctx.user, input.lessonId)),
  list: protectedProcedure.input(listInput).query(({ ctx, input }) => listLessonViews(ctx.services, ctx.user, input.scope)),
  join: protectedProcedure.input(lessonIdInput).mutation(({ ctx, input }) => participantHandler(ctx, input.lessonId, "JOIN")),
  endCall: protectedProcedure.input(lessonIdInput).mutation(({ ctx, input }) => participantHandler(ctx, input.lessonId, "END_CALL")),
  leave: protectedProcedure.input(lessonIdInput).mutation(({ ctx, input }) => participantHandler(ctx, input.lessonId, "LEAVE")),
  cancel: protectedProcedure
    .input(cancelInput)
    .mutation(({ ctx, input }) => participantHandler(ctx, input.lessonId, "CANCEL", input.reason)),
  reportProblem: studentProcedure
    .input(reportProblemInput)
    .mutation(({ ctx, input }) => reportProblem(ctx.services, ctx.user, input.lessonId, input.reason)),
});
