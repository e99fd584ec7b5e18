// The admin's world at size, seeded set-wise in SQL: tutors and students, `lessons` past lessons (most captured, 1% with a
// hold near its capture deadline, 0.5% expired) and `alerts` open alerts on distinct lessons.
import type { Db } from "../../src/server/db/client";

export async function seedAdminWorld(db: Db, o: { lessons: number; alerts: number; now: Date }) {
  const tutors = Math.max(10, Math.ceil(o.lessons / 100));
  const students = tutors * 2;
  await db.$executeRaw`
    INSERT INTO "user" (id, name, email, role, "updatedAt")
    SELECT 'aaaaaaaa-0000-4000-8000-' || lpad(i::text, 12, '0'), 'Tutor Bench ' || i, 'tutor-' || i || '@bench.test', 'TUTOR', now()
    FROM generate_series(1, ${tutors}::int) i`;
  await db.$executeRaw`
    INSERT INTO "user" (id, name, email, role, "updatedAt")
    SELECT 'bbbbbbbb-0000-4000-8000-' || lpad(i::text, 12, '0'), 'Student Bench ' || i, 'student-' || i || '@bench.test', 'STUDENT', now()
    FROM generate_series(1, ${students}::int) i`;
  // each tutor's lessons 30 minutes apart (the no-overlap constraint), tutors a second apart so that start times are
  // as distinct as real ones (with a few shared values the planner takes the list index for id lookups), the newest ending
  // an hour before now
  await db.$executeRaw`
    INSERT INTO "Lesson" (id, "studentId", "tutorId", status, "scheduledStart", "scheduledEnd", "durationMinutes", "priceAmount",
                          currency, "finalizedAt", "updatedAt")
    SELECT gen_random_uuid()::text,
           'bbbbbbbb-0000-4000-8000-' || lpad((1 + i % ${students}::int)::text, 12, '0'),
           'aaaaaaaa-0000-4000-8000-' || lpad((1 + i % ${tutors}::int)::text, 12, '0'),
           'COMPLETED',
           ${o.now}::timestamp - interval '2 hours' - (i / ${tutors}::int) * interval '30 minutes' - (i % ${tutors}::int) * interval '1 second',
           ${o.now}::timestamp - interval '95 minutes' - (i / ${tutors}::int) * interval '30 minutes' - (i % ${tutors}::int) * interval '1 second',
           25, 450, 'USD', ${o.now}::timestamp - interval '1 hour' - (i / ${tutors}::int) * interval '30 minutes', now()
    FROM generate_series(0, ${o.lessons - 1}::int) i`;
  await db.$executeRaw`
    INSERT INTO "Payment" (id, "lessonId", status, amount, currency, "authorizationMode", "captureBefore", "amountCaptured",
                           "platformFee", "tutorShare", "settlementAmount", "updatedAt")
    SELECT gen_random_uuid()::text, l.id,
           (CASE WHEN r.n % 100 = 0 THEN 'AUTHORIZED' WHEN r.n % 200 = 1 THEN 'EXPIRED' ELSE 'CAPTURED' END)::"PaymentStatus",
           450, 'USD', 'ON_SESSION', l."scheduledStart" + interval '6 days', CASE WHEN r.n % 100 > 1 THEN 450 ELSE 0 END,
           CASE WHEN r.n % 100 > 1 THEN 90 ELSE 0 END, CASE WHEN r.n % 100 > 1 THEN 360 ELSE 0 END,
           CASE WHEN r.n % 200 = 1 THEN NULL ELSE 450 END, l."scheduledStart"
    FROM (SELECT id, "scheduledStart", row_number() OVER (ORDER BY id) AS n FROM "Lesson") l JOIN LATERAL (SELECT l.n) r ON true`;
  await db.$executeRaw`
    INSERT INTO "Alert" (id, type, severity, "subjectType", "subjectId", "lessonId", message, "openedAt")
    SELECT gen_random_uuid()::text, 'PROVIDER_MISMATCH', (CASE WHEN n % 10 = 0 THEN 'CRITICAL' ELSE 'WARNING' END)::"AlertSeverity",
           'LESSON', id, id, 'The provider and our books disagree about this lesson', ${o.now}::timestamp - n * interval '1 minute'
    FROM (SELECT id, row_number() OVER (ORDER BY "scheduledStart" DESC) AS n FROM "Lesson") l
    WHERE n <= ${o.alerts}`;
  await db.$executeRawUnsafe(`ANALYZE`);
}
