// Bulk rows for benchmarks, written with set-based SQL (the thing being measured is
// the lifecycle, not the seeding).
import { randomUUID } from "node:crypto";
import type { Db } from "../../src/server/db/client";

export async function createUsers(db: Db, n: number, role: "STUDENT" | "TUTOR", prefix: string): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    await db.user.createMany({
      data: chunk.map((id, j) => ({ id, email: `${prefix}-${i + j}-${id.slice(0, 6)}@bench.test`, name: `${prefix} ${i + j}`, role })),
    });
    if (role === "TUTOR")
      await db.tutorProfile.createMany({ data: chunk.map((userId) => ({ userId, price25: 450, price50: 850, currency: "USD" })) });
  }
  return ids;
}

export interface LessonRowSpec {
  studentId: string;
  tutorId: string;
  start: Date;
  status: "SCHEDULED" | "IN_PROGRESS" | "ENDED_EARLY";
  bothJoined: boolean;
  paymentIntentId: string | null;
  amount?: number;
}

/**
 * One lesson per entry of `paymentIntentIds` (null: none at the provider), both participants joined, `perTutor` to a
 * tutor spaced 30 minutes apart, the latest starting two hours before `now`: all past their end and their grace.
 */
export function pastLessonRows(o: {
  now: Date;
  studentId: string;
  tutorIds: string[];
  perTutor: number;
  status: LessonRowSpec["status"];
  paymentIntentIds: (string | null)[];
}): LessonRowSpec[] {
  return o.paymentIntentIds.map((paymentIntentId, i) => ({
    studentId: o.studentId,
    tutorId: o.tutorIds[Math.floor(i / o.perTutor)]!,
    start: new Date(o.now.getTime() - 2 * 3_600_000 - (i % o.perTutor) * 30 * 60_000),
    status: o.status,
    bothJoined: true,
    paymentIntentId,
  }));
}

/** Lessons + AUTHORIZED payments in bulk; returns lesson ids in order. */
export async function createLessons(db: Db, specs: LessonRowSpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < specs.length; i += 500) {
    const chunk = specs.slice(i, i + 500).map((s) => ({ ...s, id: randomUUID(), paymentId: randomUUID() }));
    ids.push(...chunk.map((c) => c.id));
    await db.lesson.createMany({
      data: chunk.map((c) => {
        const end = new Date(c.start.getTime() + 25 * 60_000);
        const joined = c.bothJoined ? c.start : null;
        return {
          id: c.id,
          studentId: c.studentId,
          tutorId: c.tutorId,
          status: c.status,
          scheduledStart: c.start,
          scheduledEnd: end,
          durationMinutes: 25,
          priceAmount: c.amount ?? 450,
          currency: "USD",
          studentJoinedAt: joined,
          tutorJoinedAt: joined,
          studentLastJoinedAt: joined,
          tutorLastJoinedAt: joined,
          callStartedAt: c.bothJoined ? c.start : null,
        };
      }),
    });
    await db.payment.createMany({
      data: chunk.map((c) => ({
        id: c.paymentId,
        lessonId: c.id,
        status: "AUTHORIZED" as const,
        amount: c.amount ?? 450,
        currency: "USD",
        authorizationMode: "ON_SESSION" as const,
        providerPaymentIntentId: c.paymentIntentId,
        captureBefore: new Date(c.start.getTime() + 6 * 24 * 3_600_000),
      })),
    });
  }
  return ids;
}
