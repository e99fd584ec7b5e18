import "server-only";
// A student reports a problem when problem-report-rule.ts allows it (within the policy's window); that
// holds the tutor's earning for the lesson until an admin resolves it: release, partial
// refund or full refund — refunds through the lifecycle's ADMIN_REFUND, whose ledger
// reversals are written in the same transaction as the refund.
import { randomUUID } from "node:crypto";
import { Prisma } from "~/generated/prisma/client";
import type { SessionUser } from "~/server/auth";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import { AppError } from "~/server/errors";
import { problemReportRule } from "~/server/lifecycle/problem-report-rule";
import type { Actor } from "~/server/lifecycle/types";
import { participantSide } from "~/server/lessons/lesson-access";
import type { Services } from "~/server/services";
import { auditEventData } from "~/server/audit/audit-event";
import { instantToken } from "~/shared/message-tokens";
import { notifyProblemReport } from "~/server/notifications/write";
import { bumpLessonVersion } from "~/server/lessons/lesson-version";

export async function reportProblem(services: Services, student: SessionUser, lessonId: string, reason: string) {
  const side = await participantSide(services.db, student, lessonId); // NOT_FOUND unless it is this student's lesson
  const lesson = await services.db.lesson.findUniqueOrThrow({ where: { id: lessonId }, include: { payment: true } });
  const reported = (await services.db.problemReport.count({ where: { lessonId } })) > 0;
  const now = services.now();
  const decision = problemReportRule({ viewer: side, lesson, payment: lesson.payment, reported }, now, services.policy);
  if (!decision.allowed) {
    throw new AppError(decision.code === "ALREADY_REPORTED" ? "CONFLICT" : "RULE_VIOLATION", decision.message, { rule: decision.code });
  }
  try {
    return await services.db.$transaction(async (tx) => {
      const report = await tx.problemReport.create({ data: { id: randomUUID(), lessonId, studentId: student.id, reason, createdAt: now } });
      await tx.auditEvent.create({
        data: auditEventData({
          action: "problem.reported",
          at: now,
          actor: { type: "STUDENT", id: student.id },
          subject: { type: "LESSON", id: lessonId },
          lessonId,
          from: null,
          to: "OPEN",
          reason,
        }),
      });
      await notifyProblemReport(tx, report, now);
      await bumpLessonVersion(tx, lessonId);
      return report;
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AppError("CONFLICT", "A problem is already reported for this lesson; our team is looking at it.", {
        rule: "ALREADY_REPORTED",
      });
    }
    throw err;
  }
}

export type Resolution = { decision: "RELEASE" } | { decision: "PARTIAL_REFUND"; amount: number } | { decision: "FULL_REFUND" };

export async function resolveProblem(services: Services, admin: Actor, lessonId: string, resolution: Resolution, reason: string) {
  const report = await services.db.problemReport.findUnique({ where: { lessonId } });
  if (!report) throw new AppError("NOT_FOUND", "No problem report for this lesson.");
  if (report.status !== "OPEN") {
    return {
      report,
      alreadyResolved: true,
      message: `Already resolved (${report.status.toLowerCase().replace("_", " ")}) by ${report.resolvedBy}${report.resolvedAt ? ` at ${instantToken(report.resolvedAt)}` : ""}.`,
    };
  }
  if (resolution.decision !== "RELEASE") {
    const payment = await services.db.payment.findUniqueOrThrow({ where: { lessonId } });
    // a full refund is what is left: not what refunds or a lost chargeback already returned
    const amount =
      resolution.decision === "FULL_REFUND" ? payment.amountCaptured - payment.amountRefunded - payment.amountDisputed : resolution.amount;
    const r = await adminPaymentAction(services, admin, lessonId, { type: "ADMIN_REFUND", amount, reason });
    if (r.outcome === "provider_error") throw new AppError("PROVIDER_ERROR", r.message);
  }
  const status = resolution.decision === "RELEASE" ? "RELEASED" : resolution.decision === "FULL_REFUND" ? "REFUNDED" : "PARTIALLY_REFUNDED";
  const now = services.now();
  const updated = await services.db.$transaction(async (tx) => {
    const n = await tx.problemReport.updateMany({
      where: { id: report.id, status: "OPEN" },
      data: { status, resolvedAt: now, resolvedBy: admin.id, resolution: reason },
    });
    if (n.count === 1) {
      await tx.auditEvent.create({
        data: auditEventData({
          action: "problem.resolved",
          at: now,
          actor: admin,
          subject: { type: "LESSON", id: lessonId },
          lessonId,
          from: "OPEN",
          to: status,
          reason,
        }),
      });
      await notifyProblemReport(tx, { ...report, status, resolution: reason }, now);
      await bumpLessonVersion(tx, lessonId);
    }
    return tx.problemReport.findUniqueOrThrow({ where: { id: report.id } });
  });
  return {
    report: updated,
    alreadyResolved: false,
    message:
      status === "RELEASED"
        ? "Released: the tutor's earning is no longer held."
        : "Refunded; the tutor's earning was reversed in proportion.",
  };
}
