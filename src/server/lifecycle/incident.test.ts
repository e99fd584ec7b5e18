import { describe, it, expect } from "vitest";
import { MIN, START, actions, at, lessonState, ok, run, step } from "~/test/lifecycle-fixtures";
import type { LessonState } from "./types";

// docs/domain.md, "The incident this product exists to make impossible": a $4.50, 25-minute lesson (23:00–23:25) ended
// by the tutor after one minute; the student's later "end" blindly completed it and nothing was ever captured.

describe("the incident", () => {
  it("tutor ends early, student's later end/leave never overwrites, finalize captures 450 → 90 + 360", () => {
    let s: LessonState = lessonState(); // booked within the horizon: authorized on-session
    s = step(s, { type: "JOIN", by: "TUTOR" }, at(-2 * MIN));
    s = step(s, { type: "JOIN", by: "STUDENT" }, at(0));
    expect(s.lesson.status).toBe("IN_PROGRESS");

    // 1. The tutor clicks End call after one minute.
    const ended = ok(run(s, { type: "END_CALL", by: "TUTOR" }, at(1 * MIN)));
    expect(ended.next.lesson.status).toBe("ENDED_EARLY");
    expect(ended.operations).toEqual([]); // settled at finalize, not now
    s = ended.next;
    const endedState = s;

    // 2. The student, who missed the modal, "ends" later and dismisses the page: nothing is overwritten.
    const lateEnd = ok(run(s, { type: "END_CALL", by: "STUDENT" }, at(5 * MIN)));
    expect(lateEnd.changed).toBe(false);
    expect(lateEnd.next).toBe(endedState);
    const leave = ok(run(s, { type: "LEAVE", by: "STUDENT" }, at(6 * MIN)));
    expect(leave.next.lesson.status).toBe("ENDED_EARLY");
    expect(actions(leave)).toEqual(["lesson.left"]);
    s = leave.next;
    // …and a second late end after the leave is still nothing.
    expect(ok(run(s, { type: "END_CALL", by: "STUDENT" }, at(10 * MIN))).changed).toBe(false);

    // 3. The finalize cron: not before 23:40, then it captures the full price once.
    expect(run(s, { type: "FINALIZE" }, at(39 * MIN))).toMatchObject({ ok: false, code: "NOT_DUE" });
    const finalized = ok(run(s, { type: "FINALIZE" }, at(40 * MIN)));
    expect(finalized.next.lesson.status).toBe("COMPLETED");
    expect(finalized.next.payment.settlementAmount).toBe(450);
    expect(finalized.operations).toEqual([{ kind: "CAPTURE", amount: 450, idempotencyKey: "capture:pay_1" }]);
    s = finalized.next;

    // A second cron pass, the sweep and the student's stale end all change nothing: no second capture.
    for (const command of [{ type: "FINALIZE" }, { type: "SWEEP" }, { type: "END_CALL", by: "STUDENT" }] as const) {
      const again = ok(run(s, command, at(41 * MIN)));
      expect(again.changed).toBe(false);
      expect(again.operations).toEqual([]);
    }

    // The provider's answer: 450 captured, fee 90, tutor 360. A webhook replay of it changes nothing.
    const captured = ok(run(s, { type: "CAPTURE_SUCCEEDED", amountCaptured: 450 }, at(41 * MIN)));
    expect(captured.next.payment).toMatchObject({ status: "CAPTURED", amountCaptured: 450, platformFee: 90, tutorShare: 360 });
    expect(ok(run(captured.next, { type: "CAPTURE_SUCCEEDED", amountCaptured: 450 }, at(42 * MIN))).changed).toBe(false);
  });

  it("the seed's patch window does not exist here: a lesson left uncaptured for weeks is still swept", () => {
    // COMPLETED with an authorized payment and no operation (e.g. old data from before the fix).
    const orphan = lessonState({
      lesson: { status: "COMPLETED", studentJoinedAt: START, tutorJoinedAt: START, finalizedAt: at(40 * MIN) },
    });
    const swept = ok(run(orphan, { type: "SWEEP" }, at(30 * 24 * 60 * MIN)));
    expect(swept.alerts.map((a) => a.type)).toEqual(["ORPHANED_AUTHORIZATION"]);
    expect(swept.operations).toEqual([{ kind: "CAPTURE", amount: 450, idempotencyKey: "capture:pay_1" }]);
  });
});
