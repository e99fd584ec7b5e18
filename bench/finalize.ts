// Finalize: N due lessons (default 10,000) settled by the finalize job — batches claimed under row locks, the pure
// transition per lesson, audit events and a capture operation per lesson written set-wise — against
// the floor: one set-based SQL UPDATE over the same rows (no audit, no outbox, no rules).
import { sqlIn } from "../src/server/db/status-sql";
import { finalizeDueLessons } from "../src/server/jobs/finalize-due-lessons";
import { ACTIVE_LESSON_STATUSES } from "../src/shared/statuses";
import { createLessons, createUsers, pastLessonRows } from "./lib/seed-rows";
import { type Stack, servicesFor } from "./lib/stack";

async function seed(stack: Stack, n: number, now: Date) {
  const fresh = await stack.freshDatabase();
  const tutors = await createUsers(fresh.db, Math.ceil(n / 20), "TUTOR", "fin-tutor");
  const [student] = await createUsers(fresh.db, 1, "STUDENT", "fin-student");
  const paymentIntentIds = Array.from({ length: n }, () => null);
  await createLessons(
    fresh.db,
    pastLessonRows({ now, studentId: student!, tutorIds: tutors, perTutor: 20, status: "ENDED_EARLY", paymentIntentIds }),
  );
  return fresh;
}

export async function finalizeBench(stack: Stack, n: number) {
  const now = new Date("2026-11-26T12:00:00Z");
  const a = await seed(stack, n, now);
  const services = servicesFor(stack, a.db, { now });
  let t = performance.now();
  const r = await finalizeDueLessons(services, { concurrency: 2, batchSize: 500 });
  const jobSeconds = (performance.now() - t) / 1000;
  const ops = await a.db.paymentOperation.count({ where: { kind: "CAPTURE" } });
  await a.drop();

  const b = await seed(stack, n, now);
  t = performance.now();
  await b.db.$executeRaw`
    UPDATE "Lesson" SET status = 'COMPLETED', "finalizedAt" = ${now}, version = version + 1
    WHERE status ${sqlIn(ACTIVE_LESSON_STATUSES)} AND "scheduledEnd" <= ${new Date(now.getTime() - 15 * 60_000)}`;
  const floorSeconds = (performance.now() - t) / 1000;
  await b.drop();
  return {
    finalized: r.finalized,
    captureOpsQueued: ops,
    jobLessonsPerSecond: n / jobSeconds,
    floorLessonsPerSecond: n / floorSeconds,
    ratio: floorSeconds / jobSeconds,
  };
}
