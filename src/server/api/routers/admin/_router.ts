import { adminProcedure, createTRPCRouter } from "~/server/api/trpc";
import { resolveAlert } from "~/server/admin/alerts";
import { adminAuditLog, auditFacets } from "~/server/admin/audit-log";
import { runInvariants } from "~/server/admin/invariants";
import { adminLessonDetail } from "~/server/admin/lesson-detail";
import { adminLessonMoney } from "~/server/admin/lesson-money";
import { adminListLessons, adminListPayoutsFiltered } from "~/server/admin/lists";
import { adminOverview } from "~/server/admin/overview";
import { filterQueue, needsAttention } from "~/server/admin/queue";
import type { Db } from "~/server/db/client";
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
import { adminAuditInput } from "./audit.schema";
import { adminLessonMoneyInput } from "./lessonMoney.schema";
import { adminLessonsInput, adminPayoutListInput } from "./lists.schema";
import { adminOverviewInput } from "./overview.schema";
import { adminQueueInput } from "./queue.schema";
import { adminResolveAlertInput } from "./resolveAlert.schema";
import { atInstant } from "~/server/services";

const admin = (id: string) => ({ type: "ADMIN" as const, id });
/** The admin's saved time zone, read fresh (the session copy may predate a change on the account page). */
const savedTimeZone = async (db: Db, userId: string, fallback: string) =>
  (await db.user.findUnique({ where: { id: userId }, select: { timeZone: true } }))?.timeZone ?? fallback;

export const adminRouter = createTRPCRouter({
  lesson: adminProcedure.input(adminLessonInput).query(({ ctx, input }) => adminLessonDetail(ctx.services, input.lessonId)),
  capture: adminProcedure.input(adminCaptureInput).mutation(({ ctx, input }) =>
    adminPaymentAction(ctx.services, admin(ctx.user.id), input.lessonId, {
      type: "ADMIN_CAPTURE",
      reason: input.reason,
      amount: input.amount,
    }),
  ),
  void: adminProcedure
    .input(adminVoidInput)
    .mutation(({ ctx, input }) =>
      adminPaymentAction(ctx.services, admin(ctx.user.id), input.lessonId, { type: "ADMIN_VOID", reason: input.reason }),
    ),
  refund: adminProcedure.input(adminRefundInput).mutation(({ ctx, input }) =>
    adminPaymentAction(ctx.services, admin(ctx.user.id), input.lessonId, {
      type: "ADMIN_REFUND",
      reason: input.reason,
      amount: input.amount,
    }),
  ),
  payouts: adminProcedure.input(adminPayoutsInput).query(({ ctx, input }) => adminListPayouts(ctx.services, input)),
  retryPayout: adminProcedure
    .input(adminRetryPayoutInput)
    .mutation(({ ctx, input }) => adminRetryPayout(ctx.services, admin(ctx.user.id), input.payoutId)),
  resolveProblem: adminProcedure
    .input(adminResolveProblemInput)
    .mutation(({ ctx, input }) => resolveProblem(ctx.services, admin(ctx.user.id), input.lessonId, input.resolution, input.reason)),

  // issue 7: the admin dashboard
  overview: adminProcedure
    .input(adminOverviewInput)
    .query(async ({ ctx }) => adminOverview(ctx.services, await savedTimeZone(ctx.db, ctx.user.id, ctx.user.timeZone))),
  queue: adminProcedure.input(adminQueueInput).query(async ({ ctx, input }) => {
    const now = ctx.services.now();
    return { now, items: filterQueue(await needsAttention(atInstant(ctx.services, now)), input?.category) };
  }),
  lessonMoney: adminProcedure.input(adminLessonMoneyInput).query(({ ctx, input }) => adminLessonMoney(ctx.services, input.lessonId)),
  resolveAlert: adminProcedure
    .input(adminResolveAlertInput)
    .mutation(({ ctx, input }) => resolveAlert(ctx.services, admin(ctx.user.id), input.alertId, input.reason)),
  lessons: adminProcedure
    .input(adminLessonsInput)
    .query(async ({ ctx, input }) =>
      adminListLessons(ctx.services, { ...input, timeZone: await savedTimeZone(ctx.db, ctx.user.id, ctx.user.timeZone) }),
    ),
  payoutList: adminProcedure
    .input(adminPayoutListInput)
    .query(async ({ ctx, input }) =>
      adminListPayoutsFiltered(ctx.services, { ...input, timeZone: await savedTimeZone(ctx.db, ctx.user.id, ctx.user.timeZone) }),
    ),
  audit: adminProcedure.input(adminAuditInput).query(({ ctx, input }) => adminAuditLog(ctx.services, input)),
  auditFacets: adminProcedure.query(({ ctx }) => auditFacets(ctx.services)),
  invariants: adminProcedure.query(({ ctx }) => runInvariants(ctx.db, ctx.services.now())),
});
