// The 8,000-command storm at once (issue 15, point 4): N lessons (default 1,000), each hit at the same moment by every
// actor — both participants' "end" and "leave" and an admin's "Capture now" as tRPC calls (the procedures, their
// error mapping and their Retry-After, called in-process as the route handler calls them), and two finalize passes
// and a sweep as the cron's commands — 8 × N at once, with the database pool the app runs with. A refused call
// (TOO_MANY_REQUESTS with retryAfterSeconds) is retried by this client after the time it was told. Prints p50/p99 from
// the storm's start to each command's answer, how many were refused, and the correctness figures: 0 answered with an
// internal error, every command answered, 0 duplicate captures, 0 orphans. Baseline in the same run: the same storm
// on fresh lessons in waves of 50 lessons (400 commands), which never saturates the pool.
import { TRPCError } from "@trpc/server";
import type { SessionUser } from "../src/server/auth";
import { busyError } from "../src/server/http/busy";
import { sqlIn } from "../src/server/db/status-sql";
import { applyCommand } from "../src/server/lifecycle/apply-command";
import type { Command } from "../src/server/lifecycle/types";
import { runDueOperations } from "../src/server/payments/operation-worker";
import { LIVE_OPERATION_STATES, TERMINAL_LESSON_STATUSES } from "../src/shared/statuses";
import { trpcCaller } from "../src/test/trpc-caller";
import { authorizeMany } from "./lib/authorize-many";
import { createLessons, createUsers, pastLessonRows } from "./lib/seed-rows";
import { percentile } from "./lib/stats";
import { type Stack, servicesFor } from "./lib/stack";

type Answer = { ms: number; refusals: number; internal: boolean };

/** Runs `call` until it is answered (anything but a busy refusal), waiting what each refusal says. */
async function untilAnswered(started: number, call: () => Promise<unknown>): Promise<Answer> {
  let refusals = 0;
  for (;;) {
    try {
      await call();
      return { ms: performance.now() - started, refusals, internal: false };
    } catch (e) {
      const busy = busyOf(e);
      if (busy !== null) {
        refusals += 1;
        await new Promise((r) => setTimeout(r, busy * 1000));
        continue;
      }
      // a rule's answer (already settled, too late to leave…) is an answer; anything else is what a 500 would be
      const internal = !(e instanceof TRPCError) || e.code === "INTERNAL_SERVER_ERROR";
      if (internal) console.error("  internal error:", e);
      return { ms: performance.now() - started, refusals, internal };
    }
  }
}

/** Seconds to wait when `e` is a busy refusal (tRPC's TOO_MANY_REQUESTS, or the cron's own busy error); else null. */
function busyOf(e: unknown): number | null {
  if (e instanceof TRPCError && e.code === "TOO_MANY_REQUESTS") {
    const details = (e.cause as { details?: { retryAfterSeconds?: number } } | undefined)?.details;
    return details?.retryAfterSeconds ?? 1;
  }
  const b = busyError(e);
  return b ? Number(b.details.retryAfterSeconds ?? 1) : null;
}

async function stormOnce(stack: Stack, lessons: number, waveLessons: number) {
  const { db, drop } = await stack.freshDatabase();
  const now = new Date("2026-11-26T12:00:00Z");
  const services = servicesFor(stack, db, { now });
  const tutorIds = await createUsers(db, Math.ceil(lessons / 10), "TUTOR", "cs-tutor");
  const [studentId] = await createUsers(db, 1, "STUDENT", "cs-student");
  const [adminId] = await createUsers(db, 1, "STUDENT", "cs-admin");
  await db.user.update({ where: { id: adminId! }, data: { role: "ADMIN" } });
  const pis = await authorizeMany(services, stack.sandboxes.stripe.url, lessons);
  const ids = await createLessons(
    db,
    pastLessonRows({ now, studentId: studentId!, tutorIds, perTutor: 10, status: "IN_PROGRESS", paymentIntentIds: pis }),
  );
  const rows = await db.lesson.findMany({ where: { id: { in: ids } }, select: { id: true, tutorId: true } });
  const user = (id: string, role: SessionUser["role"]): SessionUser => ({ id, email: `${id}@bench.test`, name: id, role, timeZone: "UTC" });
  const student = trpcCaller(services, user(studentId!, "STUDENT"));
  const admin = trpcCaller(services, user(adminId!, "ADMIN"));
  const tutors = new Map(tutorIds.map((id) => [id, trpcCaller(services, user(id, "TUTOR"))]));
  const before = await stack.sandboxes.stripe.control.counters();

  const cron = (lessonId: string, command: Command, id: string) => () => applyCommand(services, lessonId, command, { type: "CRON", id });
  const commandsOf = (l: (typeof rows)[number]) => {
    const tutor = tutors.get(l.tutorId)!;
    return [
      () => tutor.lesson.endCall({ lessonId: l.id }),
      () => student.lesson.endCall({ lessonId: l.id }),
      () => student.lesson.leave({ lessonId: l.id }),
      () => tutor.lesson.leave({ lessonId: l.id }),
      () => admin.admin.capture({ lessonId: l.id, reason: "bench: capture now" }),
      cron(l.id, { type: "FINALIZE" }, "finalize-1"),
      cron(l.id, { type: "FINALIZE" }, "finalize-2"),
      cron(l.id, { type: "SWEEP" }, "sweep"),
    ];
  };

  const started = performance.now();
  // outbox workers run while the storm is going on, as the post-commit kick and the cron would
  let stormDone = false;
  const workers = Promise.all([0, 1, 2].map((w) => drain(services, `cs-${w}`, () => stormDone)));
  const answers: Answer[] = [];
  for (let i = 0; i < rows.length; i += waveLessons) {
    const wave = rows.slice(i, i + waveLessons).flatMap(commandsOf);
    const waveStart = performance.now();
    answers.push(...(await Promise.all(wave.map((c) => untilAnswered(waveStart, c)))));
  }
  const stormSeconds = (performance.now() - started) / 1000;
  stormDone = true;
  await workers;
  await drain(services, "cs-final");

  const after = await stack.sandboxes.stripe.control.counters();
  const captures = pis.map((pi) => (after.captures[pi] ?? 0) - (before.captures[pi] ?? 0));
  const [orphans] = await db.$queryRaw<{ n: number }[]>`
    SELECT COUNT(*)::int AS n FROM "Lesson" l JOIN "Payment" p ON p."lessonId" = l.id
    WHERE l.status ${sqlIn(TERMINAL_LESSON_STATUSES)} AND p.status = 'AUTHORIZED'
      AND NOT EXISTS (SELECT 1 FROM "PaymentOperation" o WHERE o."paymentId" = p.id AND o.state ${sqlIn(LIVE_OPERATION_STATES)})`;
  await drop();
  const ms = answers.map((a) => a.ms);
  return {
    commands: answers.length,
    stormSeconds,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    refused: answers.filter((a) => a.refusals > 0).length,
    refusals: answers.reduce((n, a) => n + a.refusals, 0),
    internal: answers.filter((a) => a.internal).length,
    duplicates: captures.filter((n) => n > 1).length,
    uncaptured: captures.filter((n) => n === 0).length,
    orphans: orphans!.n,
  };
}

export async function commandStorm(stack: Stack, lessons: number) {
  const all = await stormOnce(stack, lessons, lessons);
  const waves = await stormOnce(stack, lessons, 50);
  return {
    commands: all.commands,
    p50Ms: all.p50,
    p99Ms: all.p99,
    seconds: all.stormSeconds,
    refused: all.refused,
    refusals: all.refusals,
    wavesP99Ms: waves.p99,
    wavesSeconds: waves.stormSeconds,
    secondsOverWaves: all.stormSeconds / waves.stormSeconds,
    internalErrors: all.internal + waves.internal,
    duplicates: all.duplicates + waves.duplicates,
    orphans: all.orphans + waves.orphans,
    uncaptured: all.uncaptured + waves.uncaptured,
  };
}

async function drain(services: Parameters<typeof runDueOperations>[0], workerId: string, stormDone: () => boolean = () => true) {
  for (let idle = 0; idle < 3 || !stormDone();) {
    const r = await runDueOperations(services, { workerId, batchSize: 50 }).catch((e: unknown) => {
      // background work backs off when the pool is saturated, as the cron's worker does
      if (busyOf(e) === null) throw e;
      return { claimed: 0 };
    });
    idle = r.claimed === 0 ? idle + 1 : 0;
    if (r.claimed === 0) await new Promise((res) => setTimeout(res, 20));
  }
}
