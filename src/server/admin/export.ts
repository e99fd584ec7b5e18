import "server-only";
// CSV export of lessons and their payments for the lessons filter (date range, status,
// search): one row per lesson, amounts in minor units with their currency, instants in
// UTC (ISO 8601). Read page by page so a large range streams instead of loading at once.
import type { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db/client";
import { csvRow } from "./csv";
import { type LessonFilter, lessonListInclude, lessonWhere } from "./lists";

const exportInclude = {
  ...lessonListInclude,
  payment: {
    include: {
      operations: { where: { kind: { in: ["AUTHORIZE", "CAPTURE"] }, state: "SUCCEEDED" }, select: { kind: true, completedAt: true } },
    },
  },
} satisfies Prisma.LessonInclude;

/** When the provider confirmed an operation (Payment.authorizedAt/capturedAt are not written by the lifecycle). */
const confirmedAt = (ops: { kind: string; completedAt: Date | null }[] | undefined, kind: string) =>
  ops?.find((o) => o.kind === kind)?.completedAt ?? null;

export const LESSON_CSV_COLUMNS = [
  "lesson_id",
  "scheduled_start_utc",
  "scheduled_end_utc",
  "duration_minutes",
  "lesson_status",
  "student_name",
  "student_email",
  "tutor_name",
  "tutor_email",
  "price_minor",
  "currency",
  "payment_id",
  "payment_status",
  "payment_intent_id",
  "authorized_minor",
  "captured_minor",
  "platform_fee_minor",
  "tutor_share_minor",
  "refunded_minor",
  "authorized_at_utc",
  "captured_at_utc",
  "capture_before_utc",
  "last_error",
] as const;

export async function* lessonCsv(db: Db, filter: LessonFilter, pageSize = 500): AsyncGenerator<string> {
  yield csvRow(LESSON_CSV_COLUMNS);
  const where = await lessonWhere(db, filter);
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.lesson.findMany({
      where,
      include: exportInclude,
      orderBy: [{ scheduledStart: "asc" }, { id: "asc" }],
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const l of rows) {
      const p = l.payment;
      yield csvRow([
        l.id,
        l.scheduledStart,
        l.scheduledEnd,
        l.durationMinutes,
        l.status,
        l.student.name,
        l.student.email,
        l.tutor.name,
        l.tutor.email,
        l.priceAmount,
        l.currency,
        p?.id,
        p?.status,
        p?.providerPaymentIntentId,
        p?.amount,
        p?.amountCaptured,
        p?.platformFee,
        p?.tutorShare,
        p?.amountRefunded,
        p?.authorizedAt ?? confirmedAt(p?.operations, "AUTHORIZE"),
        p?.capturedAt ?? confirmedAt(p?.operations, "CAPTURE"),
        p?.captureBefore,
        p?.lastError,
      ]);
    }
    if (rows.length < pageSize) return;
    cursor = rows[rows.length - 1]!.id;
  }
}

/** "lessons_2026-11-01_to_2026-11-30.csv"; only safe characters, whatever the input. */
export function exportFilename(filter: Pick<LessonFilter, "from" | "to">): string {
  const part = (s: string | undefined, fallback: string) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : fallback);
  return `lessons_${part(filter.from, "start")}_to_${part(filter.to, "now")}.csv`;
}
