import { describe, it, expect } from "vitest";
import { HOUR, MIN, SAVED_CARD, START, actions, at, inProgress, lessonState, ok, rejected, run, step } from "~/test/lifecycle-fixtures";
import type { LessonStatus } from "./types";
import { TERMINAL_LESSON_STATUSES } from "~/shared/statuses";

const END = at(25 * MIN);
const terminal: readonly LessonStatus[] = TERMINAL_LESSON_STATUSES;

describe("JOIN", () => {
  it("records the first join and the latest join separately", () => {
    let s = step(lessonState(), { type: "JOIN", by: "STUDENT" }, at(-10 * MIN));
    s = step(s, { type: "LEAVE", by: "STUDENT" }, at(-9 * MIN));
    const r = ok(run(s, { type: "JOIN", by: "STUDENT" }, at(-8 * MIN)));
    expect(r.next.lesson).toMatchObject({ studentJoinedAt: at(-10 * MIN), studentLastJoinedAt: at(-8 * MIN), studentLeftAt: at(-9 * MIN) });
    expect(r.audit).toMatchObject([
      { action: "lesson.joined", from: "SCHEDULED", to: "SCHEDULED", metadata: { participant: "STUDENT", firstJoin: false } },
    ]);
    expect(r.next.lesson.version).toBe(s.lesson.version + 1);
  });

  it("starts the call when the second participant arrives, with both facts in the audit", () => {
    const s = step(lessonState(), { type: "JOIN", by: "TUTOR" }, at(-3 * MIN));
    const r = ok(run(s, { type: "JOIN", by: "STUDENT" }, at(-1 * MIN)));
    expect(actions(r)).toEqual(["lesson.joined", "lesson.call_started"]);
    expect(r.audit[1]).toMatchObject({ from: "SCHEDULED", to: "IN_PROGRESS" });
    expect(r.next.lesson).toMatchObject({ status: "IN_PROGRESS", callStartedAt: at(-1 * MIN) });
  });

  it("a rejoin while present is a no-op returning the same object", () => {
    const s = step(lessonState(), { type: "JOIN", by: "TUTOR" }, at(-3 * MIN));
    const r = ok(run(s, { type: "JOIN", by: "TUTOR" }, at(-2 * MIN)));
    expect(r).toEqual({ ok: true, changed: false, next: s, operations: [], audit: [], alerts: [] });
    expect(r.next).toBe(s);
  });

  it("rejoining during the call keeps it IN_PROGRESS and does not move callStartedAt", () => {
    let s = step(inProgress(), { type: "LEAVE", by: "STUDENT" }, at(2 * MIN));
    s = step(s, { type: "JOIN", by: "STUDENT" }, at(3 * MIN));
    expect(s.lesson).toMatchObject({ status: "IN_PROGRESS", callStartedAt: START, studentLastJoinedAt: at(3 * MIN) });
  });

  it.each(["ENDED_EARLY", ...terminal] as LessonStatus[])("on %s is a no-op, even inside the window", (status) => {
    const s = lessonState({ lesson: { status } });
    const r = ok(run(s, { type: "JOIN", by: "STUDENT" }, at(1 * MIN)));
    expect(r.changed).toBe(false);
    expect(r.next).toBe(s);
  });

  it("after the scheduled end on an IN_PROGRESS lesson is refused (window closed)", () => {
    expect(rejected(run(inProgress(), { type: "JOIN", by: "STUDENT" }, END)).code).toBe("JOIN_WINDOW_CLOSED");
  });

  it("keeps presence right when a join and a leave carry the same millisecond", () => {
    let s = step(lessonState(), { type: "JOIN", by: "STUDENT" }, at(0));
    s = step(s, { type: "LEAVE", by: "STUDENT" }, at(0));
    expect(s.lesson.studentLeftAt!.getTime()).toBeGreaterThan(s.lesson.studentLastJoinedAt!.getTime());
    s = step(s, { type: "JOIN", by: "STUDENT" }, at(0)); // the same millisecond again, or a clock a little behind
    s = step(s, { type: "JOIN", by: "TUTOR" }, at(0));
    expect(s.lesson.status).toBe("IN_PROGRESS");
  });
});

describe("LEAVE", () => {
  it("only records a time; the status never changes", () => {
    const r = ok(run(inProgress(), { type: "LEAVE", by: "TUTOR" }, at(5 * MIN)));
    expect(r.next.lesson).toMatchObject({ status: "IN_PROGRESS", tutorLeftAt: at(5 * MIN) });
    expect(r.audit).toEqual([
      {
        action: "lesson.left",
        subject: "LESSON",
        from: "IN_PROGRESS",
        to: "IN_PROGRESS",
        metadata: { participant: "TUTOR", at: at(5 * MIN).toISOString() },
      },
    ]);
    expect(r.operations).toEqual([]);
  });

  it("is recorded on terminal lessons too (the page is dismissed after the end)", () => {
    const s = inProgress({ lesson: { status: "COMPLETED" } });
    const r = ok(run(s, { type: "LEAVE", by: "STUDENT" }, at(2 * HOUR)));
    expect(r.next.lesson).toMatchObject({ status: "COMPLETED", studentLeftAt: at(2 * HOUR) });
  });

  it("is a no-op for someone who is not present (never joined, or already left)", () => {
    const s = lessonState();
    expect(ok(run(s, { type: "LEAVE", by: "STUDENT" }, at(0))).next).toBe(s);
    const left = step(inProgress(), { type: "LEAVE", by: "STUDENT" }, at(1 * MIN));
    expect(ok(run(left, { type: "LEAVE", by: "STUDENT" }, at(2 * MIN))).changed).toBe(false);
  });
});

describe("END_CALL", () => {
  it("before the scheduled end → ENDED_EARLY with who and when, nothing captured yet", () => {
    const r = ok(run(inProgress(), { type: "END_CALL", by: "TUTOR" }, at(1 * MIN)));
    expect(r.next.lesson).toMatchObject({ status: "ENDED_EARLY", callEndedAt: at(1 * MIN), endedBy: "TUTOR", finalizedAt: null });
    expect(actions(r)).toEqual(["lesson.ended_early"]);
    expect(r.operations).toEqual([]);
  });

  it("1 ms before the scheduled end is still early", () => {
    expect(step(inProgress(), { type: "END_CALL", by: "TUTOR" }, at(25 * MIN - 1)).lesson.status).toBe("ENDED_EARLY");
  });

  it("at the scheduled end applies the finalize rules right away", () => {
    const r = ok(run(inProgress(), { type: "END_CALL", by: "STUDENT" }, END));
    expect(r.next.lesson).toMatchObject({ status: "COMPLETED", callEndedAt: END, endedBy: "STUDENT", finalizedAt: END });
    expect(r.operations).toEqual([{ kind: "CAPTURE", amount: 450, idempotencyKey: "capture:pay_1" }]);
    expect(actions(r)).toEqual(["lesson.completed", "payment.settlement_decided", "payment.capture_requested"]);
  });

  it("on a lesson whose call never started is refused with what to do instead", () => {
    const r = rejected(run(lessonState(), { type: "END_CALL", by: "TUTOR" }, at(1 * MIN)));
    expect(r.code).toBe("CALL_NOT_STARTED");
    expect(r.message).toMatch(/cancel it instead/);
  });

  it.each(["ENDED_EARLY", ...terminal] as LessonStatus[])("on %s is a no-op returning the current state", (status) => {
    const s = inProgress({ lesson: { status, callEndedAt: at(1 * MIN), endedBy: "TUTOR" } });
    for (const now of [at(2 * MIN), END, at(2 * HOUR)]) {
      const r = ok(run(s, { type: "END_CALL", by: "STUDENT" }, now));
      expect(r.changed).toBe(false);
      expect(r.next).toBe(s);
    }
  });
});

describe("CANCEL", () => {
  it("by the student with enough notice voids the hold and keeps the reason given", () => {
    const r = ok(run(lessonState(), { type: "CANCEL", by: "STUDENT", reason: "exam moved" }, at(-2 * 24 * HOUR)));
    expect(r.next.lesson).toMatchObject({ status: "CANCELLED", cancelReason: "CANCELLED_BY_STUDENT", finalizedAt: at(-48 * HOUR) });
    expect(r.audit[0]).toMatchObject({ action: "lesson.cancelled", from: "SCHEDULED", to: "CANCELLED", reason: "exam moved" });
    expect(r.operations).toEqual([{ kind: "VOID", amount: null, idempotencyKey: "void:pay_1" }]);
  });

  it("of an off-session booking not yet authorized releases nothing: payment VOIDED directly", () => {
    const s = lessonState({ payment: SAVED_CARD });
    const r = ok(run(s, { type: "CANCEL", by: "TUTOR" }, at(-5 * 24 * HOUR)));
    expect(r.next.payment).toMatchObject({ status: "VOIDED", authorizeAt: null, settlementAmount: 0 });
    expect(r.operations).toEqual([]);
  });

  it("late by the student while the authorization is still pending waives the fee (no hold to take it from)", () => {
    const s = lessonState({ payment: SAVED_CARD });
    const r = ok(run(s, { type: "CANCEL", by: "STUDENT" }, at(-2 * HOUR)));
    expect(r.next.payment).toMatchObject({ status: "VOIDED", settlementAmount: 0 });
    expect(r.audit.find((f) => f.action === "payment.settlement_waived")?.metadata).toEqual({ waivedAmount: 225 });
  });

  it("late by the student while an authorization is in flight waits for it, then captures the fee", () => {
    const s = lessonState({
      payment: { status: "AWAITING_AUTHORIZATION", captureBefore: null, providerPaymentIntentId: null },
      liveOperations: [{ kind: "AUTHORIZE", amount: 450 }],
    });
    const cancelled = ok(run(s, { type: "CANCEL", by: "STUDENT" }, at(-2 * HOUR)));
    expect(cancelled.operations).toEqual([]);
    expect(cancelled.next.payment).toMatchObject({ status: "AWAITING_AUTHORIZATION", settlementAmount: 225 });
    const authorized = ok(
      run(cancelled.next, { type: "AUTHORIZATION_SUCCEEDED", paymentIntentId: "pi_9", captureBefore: at(7 * 24 * HOUR) }, at(-1 * HOUR)),
    );
    expect(authorized.operations).toEqual([{ kind: "CAPTURE", amount: 225, idempotencyKey: "capture:pay_1" }]);
  });

  it("is a no-op on an already cancelled lesson", () => {
    const s = lessonState({ lesson: { status: "CANCELLED", cancelReason: "CANCELLED_BY_TUTOR" } });
    expect(ok(run(s, { type: "CANCEL", by: "STUDENT" }, at(-2 * HOUR))).next).toBe(s);
  });

  it.each([
    ["IN_PROGRESS", /End the call|end the call/],
    ["ENDED_EARLY", /end the call/],
    ["COMPLETED", /report a problem before/],
    ["NO_SHOW", /report a problem before/],
  ] as const)("from %s is refused as ALREADY_STARTED with a way forward", (status, message) => {
    const r = rejected(run(inProgress({ lesson: { status } }), { type: "CANCEL", by: "STUDENT" }, at(5 * MIN)));
    expect(r.code).toBe("ALREADY_STARTED");
    expect(r.message).toMatch(message);
  });
});

describe("who may act", () => {
  it("a tutor cannot send a student's command", () => {
    const r = rejected(run(inProgress(), { type: "END_CALL", by: "STUDENT" }, at(1 * MIN), { actor: { type: "TUTOR", id: "tutor_1" } }));
    expect(r.code).toBe("ACTOR_NOT_ALLOWED");
  });
});
