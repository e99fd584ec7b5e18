// Race storm: N lessons (default 1,000), each hit at once by every actor — the tutor's and
// the student's "end", both "leave"s, two finalize passes, the sweep, an admin "Capture
// now" — while outbox workers run. Prints settlements per second, duplicate captures at
// the provider (must be 0) and orphans left behind (must be 0).
import { sqlIn } from "../src/server/db/status-sql";
import { applyCommand } from "../src/server/lifecycle/apply-command";
import type { Actor, Command } from "../src/server/lifecycle/types";
import { runDueOperations } from "../src/server/payments/operation-worker";
import { LIVE_OPERATION_STATES, TERMINAL_LESSON_STATUSES } from "../src/shared/statuses";
import { authorizeMany } from "./lib/authorize-many";
import { createLessons, createUsers, pastLessonRows } from "./lib/seed-rows";
import { type Stack, servicesFor } from "./lib/stack";

export async function raceStorm(stack: Stack, lessons: number) {
  const { db, url: _url, drop } = await stack.freshDatabase();
  const now = new Date("2026-11-26T12:00:00Z");
  const services = servicesFor(stack, db, { now });
  const tutors = await createUsers(db, Math.ceil(lessons / 10), "TUTOR", "storm-tutor");
  const [student] = await createUsers(db, 1, "STUDENT", "storm-student");
  const pis = await authorizeMany(services, stack.sandboxes.stripe.url, lessons);
  const ids = await createLessons(
    db,
    pastLessonRows({ now, studentId: student!, tutorIds: tutors, perTutor: 10, status: "IN_PROGRESS", paymentIntentIds: pis }),
  );
  const lessonRows = await db.lesson.findMany({ where: { id: { in: ids } }, select: { id: true, studentId: true, tutorId: true } });
  const before = await stack.sandboxes.stripe.control.counters();

  const started = performance.now();
  // Every actor hits a lesson at the same moment; lessons arrive in waves of 50 (400
  // simultaneous transactions), since 8,000 at once would only measure the pool queue.
  const storm = async (l: (typeof lessonRows)[number]) => {
    const hits: [Command, Actor][] = [
      [
        { type: "END_CALL", by: "TUTOR" },
        { type: "TUTOR", id: l.tutorId },
      ],
      [
        { type: "END_CALL", by: "STUDENT" },
        { type: "STUDENT", id: l.studentId },
      ],
      [
        { type: "LEAVE", by: "STUDENT" },
        { type: "STUDENT", id: l.studentId },
      ],
      [
        { type: "LEAVE", by: "TUTOR" },
        { type: "TUTOR", id: l.tutorId },
      ],
      [{ type: "FINALIZE" }, { type: "CRON", id: "finalize-1" }],
      [{ type: "FINALIZE" }, { type: "CRON", id: "finalize-2" }],
      [{ type: "SWEEP" }, { type: "CRON", id: "sweep" }],
      [
        { type: "ADMIN_CAPTURE", reason: "bench: capture now" },
        { type: "ADMIN", id: "bench-admin" },
      ],
    ];
    await Promise.all(hits.map(([c, a]) => applyCommand(services, l.id, c, a)));
  };
  // workers run while the storm is going on, as the post-commit kick and cron would
  let stormDone = false;
  const workers = Promise.all([0, 1, 2].map((w) => drain(services, `storm-${w}`, () => stormDone)));
  for (let i = 0; i < lessonRows.length; i += 50) await Promise.all(lessonRows.slice(i, i + 50).map(storm));
  stormDone = true;
  await workers;
  await drain(services, "storm-final");
  const seconds = (performance.now() - started) / 1000;

  const after = await stack.sandboxes.stripe.control.counters();
  const captures = pis.map((pi) => (after.captures[pi] ?? 0) - (before.captures[pi] ?? 0));
  const duplicates = captures.filter((n) => n > 1).length;
  const orphans = await db.$queryRaw<{ n: number }[]>`
    SELECT COUNT(*)::int AS n FROM "Lesson" l JOIN "Payment" p ON p."lessonId" = l.id
    WHERE l.status ${sqlIn(TERMINAL_LESSON_STATUSES)} AND p.status = 'AUTHORIZED'
      AND NOT EXISTS (SELECT 1 FROM "PaymentOperation" o WHERE o."paymentId" = p.id AND o.state ${sqlIn(LIVE_OPERATION_STATES)})`;
  const uncaptured = captures.filter((n) => n === 0).length;
  await drop();
  return { seconds, settlementsPerSecond: lessons / seconds, duplicates, orphans: orphans[0]!.n, uncaptured };
}

async function drain(services: Parameters<typeof runDueOperations>[0], workerId: string, stormDone: () => boolean = () => true) {
  for (let idle = 0; idle < 3 || !stormDone();) {
    const r = await runDueOperations(services, { workerId, batchSize: 50 });
    idle = r.claimed === 0 ? idle + 1 : 0;
    if (r.claimed === 0) await new Promise((res) => setTimeout(res, 20));
  }
}
