import "server-only";
import type { Lesson, Payment, User } from "~/generated/prisma/client";
import type { SessionUser } from "~/server/auth";
import { percentOf } from "~/server/money";
import { finalizeDueAt, freeCancellationUntil, isPresent, joinWindowOpensAt, problemReportDeadline } from "~/server/lifecycle/schedule";
import { problemReportRule } from "~/server/lifecycle/problem-report-rule";
import { lessonSnapshot } from "~/server/lifecycle/state-rows";
import type { Policy } from "~/server/lifecycle/policy";
import type { Services } from "~/server/services";
import { sideOf } from "./lesson-access";
import { ACTIVE_LESSON_STATUSES, TERMINAL_LESSON_STATUSES } from "~/shared/statuses";

type LessonRow = Lesson & {
  payment: Payment | null;
  student: Pick<User, "id" | "name" | "updatedAt">;
  tutor: Pick<User, "id" | "name" | "timeZone" | "updatedAt">;
};

/**
 * What a lesson page's copy of the view is a copy of: the lesson's version (bumped by every write that changes what the
 * page shows: each lifecycle transition, a problem report and its resolution) and when either person last changed
 * their name or time zone. lesson.poll compares it with the page's copy after one indexed read.
 */
export function viewToken(version: number, studentUpdatedAt: Date, tutorUpdatedAt: Date): string {
  return `${version}.${Math.max(studentUpdatedAt.getTime(), tutorUpdatedAt.getTime())}`;
}

/**
 * The first instant after `now` at which the same rows give a different view (the clock alone moves it): the start
 * (cancellation closes, a report may be made), the end of free cancellation (a fee applies), just after the report
 * deadline (reporting closes). Null when no such instant is ahead.
 */
export function viewValidUntil(row: Pick<Lesson, "scheduledStart" | "scheduledEnd">, now: Date, policy: Readonly<Policy>): Date | null {
  const boundaries = [
    row.scheduledStart.getTime(),
    freeCancellationUntil(row, policy).getTime(),
    problemReportDeadline(row, policy).getTime() + 1,
  ].filter((t) => t > now.getTime());
  return boundaries.length ? new Date(Math.min(...boundaries)) : null;
}

/** What a participant sees of a lesson: no provider ids, no other user's email. */
export function toLessonView(
  row: LessonRow,
  viewer: "STUDENT" | "TUTOR",
  now: Date,
  policy: Readonly<Policy>,
  problemReport: { status: string; createdAt: Date } | null = null,
) {
  const snap = lessonSnapshot(row);
  const p = row.payment;
  const started = now >= row.scheduledStart;
  const lateCancel = now >= freeCancellationUntil(row, policy);
  const report = problemReportRule({ viewer, lesson: row, payment: p, reported: problemReport !== null }, now, policy);
  return {
    id: row.id,
    viewer,
    status: row.status,
    scheduledStart: row.scheduledStart,
    scheduledEnd: row.scheduledEnd,
    durationMinutes: row.durationMinutes,
    priceAmount: row.priceAmount,
    currency: row.currency,
    student: { id: row.student.id, name: row.student.name },
    tutor: { id: row.tutor.id, name: row.tutor.name, timeZone: row.tutor.timeZone },
    joinWindowOpensAt: joinWindowOpensAt(row, policy),
    finalizeDueAt: finalizeDueAt(row, policy),
    callStartedAt: row.callStartedAt,
    callEndedAt: row.callEndedAt,
    endedBy: row.endedBy,
    cancelReason: row.cancelReason,
    noShowParty: row.noShowParty,
    finalizedAt: row.finalizedAt,
    presence: { student: isPresent(snap, "STUDENT"), tutor: isPresent(snap, "TUTOR") },
    joined: { student: row.studentJoinedAt !== null, tutor: row.tutorJoinedAt !== null },
    cancellation: {
      allowed: row.status === "SCHEDULED" && !started,
      /** what a cancellation by this viewer would cost the student right now */
      feeAmount: viewer === "STUDENT" && lateCancel ? percentOf(row.priceAmount, policy.lateCancelCaptureBps) : 0,
      freeUntil: freeCancellationUntil(row, policy),
    },
    payment: p && {
      status: p.status,
      amount: p.amount,
      authorizationMode: p.authorizationMode,
      authorizeAt: p.authorizeAt,
      amountCaptured: p.amountCaptured,
      amountRefunded: p.amountRefunded,
      // the tutor sees their share; the student sees what they were charged
      tutorShare: viewer === "TUTOR" ? p.tutorShare : null,
      lastError: viewer === "STUDENT" ? p.lastError : null,
    },
    /** a problem the student reported (holds the tutor's earning until an admin decides) */
    problemReport,
    /** whether the viewer may report a problem right now, by the rule reportProblem enforces */
    canReportProblem: report.allowed,
    /** the last moment a report is accepted */
    reportDeadline: report.deadline,
    /** why not, when not (a server message: may carry instant tokens) */
    reportRefusal: report.allowed ? null : { code: report.code, message: report.message },
    version: row.version,
    /** what lesson.poll compares (see viewToken) */
    token: viewToken(row.version, row.student.updatedAt, row.tutor.updatedAt),
    /** when this view goes stale with no write (see viewValidUntil): the page asks for it again then */
    validUntil: viewValidUntil(row, now, policy),
    serverNow: now,
  };
}

export type LessonView = ReturnType<typeof toLessonView>;

const include = {
  payment: true,
  student: { select: { id: true, name: true, updatedAt: true } },
  tutor: { select: { id: true, name: true, timeZone: true, updatedAt: true } },
} as const;

export async function getLessonView(services: Services, user: SessionUser, lessonId: string): Promise<LessonView> {
  // One statement (relations joined): the lesson, its payment, both people and the problem report; the viewer's side
  // is checked on the row read, and someone else's lesson is refused before anything of it leaves this function.
  const row = await services.db.lesson.findUnique({
    where: { id: lessonId },
    include: { ...include, problemReport: { select: { status: true, createdAt: true } } },
  });
  const side = sideOf(user, row);
  const { problemReport, ...lesson } = row!;
  return toLessonView(lesson, side, services.now(), services.policy, problemReport);
}

export async function listLessonViews(services: Services, user: SessionUser, scope: "upcoming" | "past" | "all") {
  const now = services.now();
  const mine = user.role === "TUTOR" ? { tutorId: user.id } : { studentId: user.id };
  const when =
    scope === "upcoming"
      ? {
          scheduledEnd: { gte: new Date(now.getTime() - services.policy.finalizeGraceMs) },
          status: { in: ACTIVE_LESSON_STATUSES },
        }
      : scope === "past"
        ? { OR: [{ scheduledEnd: { lt: now } }, { status: { in: TERMINAL_LESSON_STATUSES } }] }
        : {};
  const rows = await services.db.lesson.findMany({
    where: { ...mine, ...when } as never,
    include,
    orderBy: { scheduledStart: scope === "past" ? "desc" : "asc" },
    take: 200,
  });
  const side = user.role === "TUTOR" ? "TUTOR" : "STUDENT";
  const reports = await services.db.problemReport.findMany({
    where: { lessonId: { in: rows.map((r) => r.id) } },
    select: { lessonId: true, status: true, createdAt: true },
  });
  const reportOf = new Map(reports.map((r) => [r.lessonId, { status: r.status, createdAt: r.createdAt }]));
  return rows.map((r) => toLessonView(r as LessonRow, side, now, services.policy, reportOf.get(r.id) ?? null));
}
