// A command's rows go to the database together: BEGIN, the two locking reads, ONE write with every row the change
// makes, COMMIT. Each round trip costs the process more CPU than the statement itself (bench/shared-limit's worker CPU
// per capture, bench/http's statements per request), so a capture's outcome that took eleven statements takes five.
// These tests count the statements the process sends and check that every row is there, exactly as before.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finalizeDueLessons } from "~/server/jobs/finalize-due-lessons";
import { recordOutcome } from "~/server/payments/operation-worker";
import { statementsDuring } from "~/test/app-routes";
import { type Harness, startHarness } from "~/test/lifecycle-harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T08:00:00Z" });
});
afterAll(() => h.close());

/** What a statement does, by its first words (BEGIN, COMMIT, SELECT, WITH, INSERT, UPDATE). */
const verb = (sql: string) => sql.trim().split(/\s+/)[0]!.toUpperCase();

describe("one write per command", () => {
  it("a capture's outcome: the operation finished, its retry alert resolved, payment, audit, ledger and receipt — in five statements", async () => {
    const { lessonId } = await h.playedLesson();
    await finalizeDueLessons(h.services, {});
    const op = await h.t.db.paymentOperation.findFirstOrThrow({ where: { kind: "CAPTURE", payment: { lessonId } } });
    // as the worker leaves it after five failures: claimed, with an open "keeps retrying" alert
    await h.t.db.paymentOperation.update({ where: { id: op.id }, data: { state: "IN_FLIGHT", attempts: 6, claimedBy: "w-test" } });
    await h.t.db.alert.create({
      data: {
        id: randomUUID(),
        type: "OPERATION_RETRYING",
        severity: "WARNING",
        subjectType: "OPERATION",
        subjectId: op.id,
        lessonId,
        message: "A payment operation has failed 5 times and keeps retrying",
        openedAt: h.services.now(),
      },
    });
    const lesson = await h.t.db.lesson.findUniqueOrThrow({ where: { id: lessonId }, include: { payment: true } });
    const amount = lesson.payment!.amount;
    const auditBefore = await h.t.db.auditEvent.count({ where: { lessonId } });

    const { result, statements } = await statementsDuring(() =>
      recordOutcome(
        h.services,
        { id: op.id, attempts: 6, paymentId: lesson.payment!.id },
        lessonId,
        {
          kind: "record",
          command: { type: "CAPTURE_SUCCEEDED", amountCaptured: amount },
          finish: "SUCCEEDED",
          providerObjectId: "pi_test",
        },
        "w-test",
      ),
    );
    expect(result).toBe("succeeded");
    expect(statements.map(verb)).toEqual(["BEGIN", "SELECT", "SELECT", "WITH", "COMMIT"]);

    const payment = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId } });
    expect(payment).toMatchObject({ status: "CAPTURED", amountCaptured: amount });
    expect(payment.platformFee + payment.tutorShare).toBe(amount);
    expect(payment.capturedAt).not.toBeNull();
    expect(await h.t.db.paymentOperation.findUniqueOrThrow({ where: { id: op.id } })).toMatchObject({
      state: "SUCCEEDED",
      providerObjectId: "pi_test",
      lastError: null,
    });
    expect(await h.t.db.alert.findFirstOrThrow({ where: { subjectId: op.id } })).toMatchObject({
      resolvedBy: "lifecycle",
      resolution: "the operation succeeded",
    });
    const ledger = await h.t.db.ledgerEntry.findMany({ where: { lessonId }, orderBy: { kind: "asc" } });
    expect(ledger.map((e) => [e.kind, e.amount])).toEqual([
      ["EARNING", payment.tutorShare],
      ["PLATFORM_FEE", payment.platformFee],
    ]);
    expect(await h.t.db.auditEvent.count({ where: { lessonId } })).toBeGreaterThan(auditBefore);
    const messages = await h.t.db.notification.findMany({ where: { lessonId, kind: { in: ["lesson_receipt", "lesson_settled"] } } });
    expect(new Set(messages.map((m) => m.kind))).toEqual(new Set(["lesson_receipt", "lesson_settled"]));
  });

  it("the same outcome given again changes nothing and writes nothing twice: only the finish goes out", async () => {
    const { lessonId } = await h.playedLesson();
    await finalizeDueLessons(h.services, {});
    const op = await h.t.db.paymentOperation.findFirstOrThrow({ where: { kind: "CAPTURE", payment: { lessonId } } });
    const payment = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId } });
    const give = () =>
      recordOutcome(
        h.services,
        { id: op.id, attempts: 1, paymentId: payment.id },
        lessonId,
        { kind: "record", command: { type: "CAPTURE_SUCCEEDED", amountCaptured: payment.amount }, finish: "SUCCEEDED" },
        "w-test",
      );
    await give();
    const counts = async () =>
      [
        await h.t.db.ledgerEntry.count({ where: { lessonId } }),
        await h.t.db.auditEvent.count({ where: { lessonId } }),
        await h.t.db.notification.count({ where: { lessonId } }),
      ] as const;
    const before = await counts();
    const { statements } = await statementsDuring(give);
    expect(statements.map(verb)).toEqual(["BEGIN", "SELECT", "SELECT", "WITH", "COMMIT"]);
    expect(await counts()).toEqual(before);
  });
});
