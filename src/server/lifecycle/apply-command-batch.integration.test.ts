// applyCommandBatch is applyCommand's batched form: on identical fixtures it must leave exactly the rows the single path
// leaves (lesson, payment, operations, audit, alerts, ledger), and runs that overlap must finalize each lesson once,
// skipping the lessons another transaction holds instead of waiting for them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import type { SessionUser } from "~/server/auth";
import { finalizeDueLessons } from "~/server/jobs/finalize-due-lessons";
import { applyCommand } from "~/server/lifecycle/apply-command";
import { applyCommandBatch } from "~/server/lifecycle/apply-command-batch";
import { type Harness, HOUR, MIN, startHarness } from "~/test/lifecycle-harness";
import { act } from "~/test/lifecycle-helpers";

const CRON = { type: "CRON" as const, id: "finalize" };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T08:00:00Z", poolSize: 12 });
});
afterAll(() => h.close());

type Scenario = "both joined" | "ended early" | "only tutor" | "only student" | "nobody";
const SCENARIOS: Scenario[] = ["both joined", "ended early", "only tutor", "only student", "nobody"];

interface Fixture {
  scenario: Scenario;
  lessonId: string;
  student: SessionUser;
  tutor: SessionUser;
}

/** Lessons starting in one hour, one per scenario (each with its own people); the clock is NOT moved. */
async function bookScenarios(): Promise<Fixture[]> {
  const out: Fixture[] = [];
  for (const scenario of SCENARIOS) {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 450 });
    out.push({ scenario, student, tutor, lessonId: await h.book(student, tutor, HOUR) });
  }
  return out;
}

async function play(f: Fixture) {
  if (f.scenario !== "only student" && f.scenario !== "nobody") await act(h.services, f.tutor, f.lessonId, "JOIN");
  if (f.scenario !== "only tutor" && f.scenario !== "nobody") await act(h.services, f.student, f.lessonId, "JOIN");
  if (f.scenario === "ended early") await act(h.services, f.tutor, f.lessonId, "END_CALL");
}

/** Every row a finalize writes about one lesson, with its ids replaced by names and the wall-clock columns left out. */
async function rowsOf(f: Fixture) {
  const lesson = await h.t.db.lesson.findUniqueOrThrow({ where: { id: f.lessonId } });
  const payment = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId: f.lessonId } });
  const [operations, audit, alerts, ledger] = await Promise.all([
    h.t.db.paymentOperation.findMany({ where: { paymentId: payment.id }, orderBy: [{ kind: "asc" }, { idempotencyKey: "asc" }] }),
    // both joins of a fixture happen at the same instant: who joined breaks the tie (ids are random)
    h.t.db.auditEvent.findMany({
      where: { lessonId: f.lessonId },
      orderBy: [{ at: "asc" }, { action: "asc" }, { subjectType: "asc" }, { actorType: "asc" }],
    }),
    h.t.db.alert.findMany({ where: { lessonId: f.lessonId }, orderBy: { type: "asc" } }),
    h.t.db.ledgerEntry.findMany({ where: { lessonId: f.lessonId }, orderBy: { kind: "asc" } }),
  ]);
  const names: [string | null, string][] = [
    [f.lessonId, "<lesson>"],
    [payment.id, "<payment>"],
    [payment.providerPaymentIntentId, "<pi>"],
    [payment.providerCustomerId, "<customer>"],
    [payment.providerPaymentMethodId, "<pm>"],
    // the sandbox's deadline moves with its wall clock between the two bookings: not part of what finalize writes
    [payment.captureBefore?.toISOString() ?? null, "<captureBefore>"],
    [f.student.id, "<student>"],
    [f.tutor.id, "<tutor>"],
  ];
  const strip = (rows: object[]) =>
    rows.map((row) => {
      const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = row as Record<string, unknown>;
      let text = JSON.stringify(rest);
      for (const [value, name] of names) if (value) text = text.split(value).join(name);
      return JSON.parse(text) as unknown;
    });
  return {
    lesson: strip([lesson]),
    payment: strip([payment]),
    operations: strip(operations),
    audit: strip(audit),
    alerts: strip(alerts),
    ledger: strip(ledger),
  };
}

describe("applyCommandBatch", () => {
  it("writes exactly the rows applyCommand writes, lesson by lesson, for every finalize outcome", async () => {
    const single = await bookScenarios();
    const batched = await bookScenarios();
    await h.advance(HOUR);
    for (const f of [...single, ...batched]) await play(f);
    await h.advance(40 * MIN);

    for (const f of single) expect((await applyCommand(h.services, f.lessonId, { type: "FINALIZE" }, CRON)).ok).toBe(true);
    const ids = batched.map((f) => f.lessonId);
    const r = await applyCommandBatch(
      h.services,
      { where: Prisma.sql`id = ANY(${ids}::text[])`, orderBy: Prisma.sql`id`, limit: 100 },
      { type: "FINALIZE" },
      CRON,
    );
    expect(r).toMatchObject({ claimed: 5, changed: 5, unchanged: 0, rejected: 0 });
    expect(r.operationIds).toHaveLength(5);

    for (let i = 0; i < SCENARIOS.length; i++) {
      const a = await rowsOf(single[i]!);
      const b = await rowsOf(batched[i]!);
      expect({ scenario: SCENARIOS[i], ...b }).toEqual({ scenario: SCENARIOS[i], ...a });
    }
    // The fixtures cover what finalize can write: every terminal outcome, a capture, a void and an alert.
    const statuses = await h.t.db.lesson.findMany({ where: { id: { in: ids } }, select: { status: true } });
    expect(new Set(statuses.map((s) => s.status))).toEqual(new Set(["COMPLETED", "NO_SHOW", "CANCELLED"]));
    expect(await h.t.db.alert.count({ where: { lessonId: { in: ids } } })).toBeGreaterThan(0);

    // Given again, the batch changes nothing (the lessons are terminal and no longer match a finalize claim).
    const again = await applyCommandBatch(
      h.services,
      { where: Prisma.sql`id = ANY(${ids}::text[])`, orderBy: Prisma.sql`id`, limit: 100 },
      { type: "FINALIZE" },
      CRON,
    );
    expect(again).toMatchObject({ claimed: 5, changed: 0, unchanged: 5 });
  });

  it("skips lessons another transaction holds, and finalizes them once it lets go", async () => {
    const fixtures = [...(await bookScenarios()), ...(await bookScenarios())];
    await h.advance(HOUR);
    for (const f of fixtures) await play(f);
    await h.advance(40 * MIN);
    const held = fixtures.slice(0, 3).map((f) => f.lessonId);

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = h.t.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Lesson" WHERE id = ANY(${held}::text[]) FOR UPDATE`;
      locked();
      await gate;
    });
    await isLocked;
    // Runs while the three are held: they finish (no waiting on the locks) with the other seven finalized.
    const first = await finalizeDueLessons(h.services, { batchSize: 2 });
    expect(first.finalized).toBe(7);
    release();
    await holder;
    const second = await finalizeDueLessons(h.services, { batchSize: 2 });
    expect(second.finalized).toBe(3);
    expect((await finalizeDueLessons(h.services)).finalized).toBe(0);
  });

  it("overlapping runs with parallel transactions finalize each lesson exactly once", async () => {
    const fixtures: Fixture[] = [];
    for (let i = 0; i < 6; i++) fixtures.push(...(await bookScenarios()));
    await h.advance(HOUR);
    for (const f of fixtures) await play(f);
    await h.advance(40 * MIN);

    const runs = await Promise.all([1, 2, 3].map(() => finalizeDueLessons(h.services, { batchSize: 3, concurrency: 2 })));
    expect(runs.reduce((s, r) => s + r.finalized, 0)).toBe(fixtures.length);
    const ids = fixtures.map((f) => f.lessonId);
    const finalizeAudits = await h.t.db.auditEvent.groupBy({
      by: ["lessonId"],
      where: { lessonId: { in: ids }, actorType: "CRON", subjectType: "LESSON" },
      _count: true,
    });
    expect(finalizeAudits).toHaveLength(fixtures.length);
    for (const a of finalizeAudits) expect(a._count).toBe(1);
    const settleOps = await h.t.db.paymentOperation.groupBy({
      by: ["paymentId"],
      where: { payment: { lessonId: { in: ids } }, kind: { in: ["CAPTURE", "VOID"] } },
      _count: true,
    });
    expect(settleOps).toHaveLength(fixtures.length);
    for (const o of settleOps) expect(o._count).toBe(1);
    const versions = await h.t.db.lesson.findMany({
      where: { id: { in: ids } },
      select: { version: true, status: true, finalizedAt: true },
    });
    for (const v of versions) expect(v.finalizedAt).not.toBeNull();
  });
});
