import { adminProcedure, createTRPCRouter } from "~/server/api/trpc";
import { adminLessonDetail } from "~/server/admin/lesson-detail";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import { adminListPayouts, adminRetryPayout } from "~/server/payouts/admin-payouts";
import { resolveProblem } from "~/server/payouts/problem-reports";
import {
  adminCaptureInput,
  adminLessonInput,
  adminPayoutsInput,
  adminRefundInput,
  adminResolveProblemInput,
  adminRetryPayoutInput,
  adminVoidInput,
} from "./admin.schema";

const admin = (id: string) => ({ type: "ADMIN" as const, id });

export const adminRouter = createTRPCRouter({
  lesson: adminProcedure.input(adminLessonInput).query(({ ctx, input }) => adminLessonDetail(ctx.db, input.lessonId)),
  capture: adminProcedure
    .input(adminCaptureInput)
    .mutation(({ ctx, input }) => adminPaymentAction(ctx.services, admin(ctx.user.id), input.lessonId, { type: "ADMIN_CAPTURE", reason: input.reason, amount: input.amount })),
  void: adminProcedure
    .input(adminVoidInput)
    .mutation(({ ctx, input }) => adminPaymentAction(ctx.services, admin(ctx.user.id), input.lessonId, { type: "ADMIN_VOID", reason: input.reason })),
  refund: adminProcedure
    .input(adminRefundInput)
    .mutation(({ ctx, input }) => adminPaymentAction(ctx.services, admin(ctx.user.id), input.lessonId, { type: "ADMIN_REFUND", reason: input.reason, amount: input.amount })),
  payouts: adminProcedure.input(adminPayoutsInput).query(({ ctx, input }) => adminListPayouts(ctx.services, input)),
  retryPayout: adminProcedure.input(adminRetryPayoutInput).mutation(({ ctx, input }) => adminRetryPayout(ctx.services, admin(ctx.user.id), input.payoutId)),
  resolveProblem: adminProcedure
    .input(adminResolveProblemInput)
    .mutation(({ ctx, input }) => resolveProblem(ctx.services, admin(ctx.user.id), input.lessonId, input.resolution, input.reason)),
});
