import "server-only";
import { adminProcedure, createTRPCRouter } from "~/server/api/trpc";
import { lessonHandler } from "./lesson.handler";
import { ZLessonInputSchema } from "./lesson.schema";
import { captureHandler } from "./capture.handler";
import { ZCaptureInputSchema } from "./capture.schema";
import { voidHandler } from "./void.handler";
import { ZVoidInputSchema } from "./void.schema";
import { refundHandler } from "./refund.handler";
import { ZRefundInputSchema } from "./refund.schema";
import { retryPayoutHandler } from "./retryPayout.handler";
import { ZRetryPayoutInputSchema } from "./retryPayout.schema";
import { resolveProblemHandler } from "./resolveProblem.handler";
import { ZResolveProblemInputSchema } from "./resolveProblem.schema";
import { overviewHandler } from "./overview.handler";
import { ZOverviewInputSchema } from "./overview.schema";
import { queueHandler } from "./queue.handler";
import { ZQueueInputSchema } from "./queue.schema";
import { lessonMoneyHandler } from "./lessonMoney.handler";
import { ZLessonMoneyInputSchema } from "./lessonMoney.schema";
import { resolveAlertHandler } from "./resolveAlert.handler";
import { ZResolveAlertInputSchema } from "./resolveAlert.schema";
import { lessonsHandler } from "./lessons.handler";
import { ZLessonsInputSchema } from "./lessons.schema";
import { payoutListHandler } from "./payoutList.handler";
import { ZPayoutListInputSchema } from "./payoutList.schema";
import { auditHandler } from "./audit.handler";
import { ZAuditInputSchema } from "./audit.schema";
import { auditFacetsHandler } from "./auditFacets.handler";
import { ZAuditFacetsInputSchema } from "./auditFacets.schema";
import { invariantsHandler } from "./invariants.handler";
import { ZInvariantsInputSchema } from "./invariants.schema";
import { discrepanciesHandler } from "./discrepancies.handler";
import { ZDiscrepanciesInputSchema } from "./discrepancies.schema";
import { resolveDiscrepancyHandler } from "./resolveDiscrepancy.handler";
import { ZResolveDiscrepancyInputSchema } from "./resolveDiscrepancy.schema";
import { reconcileNowHandler } from "./reconcileNow.handler";
import { ZReconcileNowInputSchema } from "./reconcileNow.schema";
import { submitDisputeEvidenceHandler } from "./submitDisputeEvidence.handler";
import { ZSubmitDisputeEvidenceInputSchema } from "./submitDisputeEvidence.schema";

export const adminRouter = createTRPCRouter({
  lesson: adminProcedure.input(ZLessonInputSchema).query(({ ctx, input }) => lessonHandler({ ctx, input })),
  capture: adminProcedure.input(ZCaptureInputSchema).mutation(({ ctx, input }) => captureHandler({ ctx, input })),
  void: adminProcedure.input(ZVoidInputSchema).mutation(({ ctx, input }) => voidHandler({ ctx, input })),
  refund: adminProcedure.input(ZRefundInputSchema).mutation(({ ctx, input }) => refundHandler({ ctx, input })),
  retryPayout: adminProcedure.input(ZRetryPayoutInputSchema).mutation(({ ctx, input }) => retryPayoutHandler({ ctx, input })),
  resolveProblem: adminProcedure.input(ZResolveProblemInputSchema).mutation(({ ctx, input }) => resolveProblemHandler({ ctx, input })),
  overview: adminProcedure.input(ZOverviewInputSchema).query(({ ctx, input }) => overviewHandler({ ctx, input })),
  queue: adminProcedure.input(ZQueueInputSchema).query(({ ctx, input }) => queueHandler({ ctx, input })),
  lessonMoney: adminProcedure.input(ZLessonMoneyInputSchema).query(({ ctx, input }) => lessonMoneyHandler({ ctx, input })),
  resolveAlert: adminProcedure.input(ZResolveAlertInputSchema).mutation(({ ctx, input }) => resolveAlertHandler({ ctx, input })),
  lessons: adminProcedure.input(ZLessonsInputSchema).query(({ ctx, input }) => lessonsHandler({ ctx, input })),
  payoutList: adminProcedure.input(ZPayoutListInputSchema).query(({ ctx, input }) => payoutListHandler({ ctx, input })),
  audit: adminProcedure.input(ZAuditInputSchema).query(({ ctx, input }) => auditHandler({ ctx, input })),
  auditFacets: adminProcedure.input(ZAuditFacetsInputSchema).query(({ ctx, input }) => auditFacetsHandler({ ctx, input })),
  invariants: adminProcedure.input(ZInvariantsInputSchema).query(({ ctx, input }) => invariantsHandler({ ctx, input })),
  discrepancies: adminProcedure.input(ZDiscrepanciesInputSchema).query(({ ctx, input }) => discrepanciesHandler({ ctx, input })),
  resolveDiscrepancy: adminProcedure
    .input(ZResolveDiscrepancyInputSchema)
    .mutation(({ ctx, input }) => resolveDiscrepancyHandler({ ctx, input })),
  reconcileNow: adminProcedure.input(ZReconcileNowInputSchema).mutation(({ ctx, input }) => reconcileNowHandler({ ctx, input })),
  submitDisputeEvidence: adminProcedure
    .input(ZSubmitDisputeEvidenceInputSchema)
    .mutation(({ ctx, input }) => submitDisputeEvidenceHandler({ ctx, input })),
});
