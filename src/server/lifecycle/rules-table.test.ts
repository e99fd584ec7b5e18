import { describe, it, expect } from "vitest";
import { DAY, HOUR, MIN, SAVED_CARD, START, at, inProgress, lessonState, ok, rejected, run, step } from "~/test/lifecycle-fixtures";
import { planBooking } from "./booking";
import { defaultPolicy } from "./policy";
import { captureDeadlineAlert, earningsAvailableAt, problemReportDeadline } from "./schedule";
import type { LessonState } from "./types";

// One block per row of the rules table in docs/domain.md, each at its boundary times.

const END = at(25 * MIN);
const FINALIZE_AT = at(40 * MIN);
const joined = { studentJoinedAt: START, tutorJoinedAt: START };

describe("platform fee: 20 %, half-up, tutor gets the rest", () => {
  it.each([
    [450, 90, 360],
    [1005, 201, 804],
    [1003, 201, 802], // 200.6 → 201
    [1002, 200, 802], // 200.4 → 200
    [1, 0, 1],
  ])("captured %i → fee %i + tutor %i", (captured, fee, share) => {
    const s = lessonState({ lesson: { status: "COMPLETED", ...joined, priceAmount: captured }, payment: { amount: captured } });
    const next = step(s, { type: "CAPTURE_SUCCEEDED", amountCaptured: captured }, FINALIZE_AT);
    expect(next.payment).toMatchObject({ amountCaptured: captured, platformFee: fee, tutorShare: share });
  });
});

describe("join window: opens 15 min before start, closes at scheduled end", () => {
  const s = lessonState();
  it("is closed 1 ms before it opens, with the opening time in the message", () => {
    const r = rejected(run(s, { type: "JOIN", by: "STUDENT" }, at(-15 * MIN - 1)));
    expect(r.code).toBe("JOIN_WINDOW_NOT_OPEN");
    expect(r.message).toContain("2030-03-14T22:45:00.000Z");
  });
  it("is open exactly at start − 15 min", () => {
    expect(step(s, { type: "JOIN", by: "STUDENT" }, at(-15 * MIN)).lesson.studentJoinedAt).toEqual(at(-15 * MIN));
  });
  it("is open 1 ms before the scheduled end", () => {
    expect(step(s, { type: "JOIN", by: "TUTOR" }, at(25 * MIN - 1)).lesson.tutorJoinedAt).toEqual(at(25 * MIN - 1));
  });
  it("is closed exactly at the scheduled end", () => {
    expect(rejected(run(s, { type: "JOIN", by: "TUTOR" }, END)).code).toBe("JOIN_WINDOW_CLOSED");
  });
});

describe("call starts when both participants are present", () => {
  it("one present is not a call; the second arrival starts it", () => {
    let s = step(lessonState(), { type: "JOIN", by: "STUDENT" }, at(-5 * MIN));
    expect(s.lesson.status).toBe("SCHEDULED");
    s = step(s, { type: "JOIN", by: "TUTOR" }, at(-1 * MIN));
    expect(s.lesson.status).toBe("IN_PROGRESS");
    expect(s.lesson.callStartedAt).toEqual(at(-1 * MIN));
  });
  it("joining after the other has left does not start it", () => {
    let s = step(lessonState(), { type: "JOIN", by: "STUDENT" }, at(0));
    s = step(s, { type: "LEAVE", by: "STUDENT" }, at(1 * MIN));
    s = step(s, { type: "JOIN", by: "TUTOR" }, at(2 * MIN));
    expect(s.lesson.status).toBe("SCHEDULED");
    s = step(s, { type: "JOIN", by: "STUDENT" }, at(3 * MIN));
    expect(s.lesson.status).toBe("IN_PROGRESS");
  });
});

describe("ended early: full price, settled at finalize", () => {
  it("ending early requests nothing; finalize captures the full price", () => {
    const early = ok(run(inProgress(), { type: "END_CALL", by: "STUDENT" }, at(3 * MIN)));
    expect(early.next.lesson.status).toBe("ENDED_EARLY");
    expect(early.operations).toEqual([]);
    const fin = ok(run(early.next, { type: "FINALIZE" }, FINALIZE_AT));
    expect(fin.operations).toEqual([{ kind: "CAPTURE", amount: 450, idempotencyKey: "capture:pay_1" }]);
  });
});

describe("finalize: scheduled end + 15 min grace", () => {
  it("is refused 1 ms before and accepted exactly at the grace edge", () => {
    const r = rejected(run(inProgress(), { type: "FINALIZE" }, at(40 * MIN - 1)));
    expect(r.code).toBe("NOT_DUE");
    expect(r.message).toContain("2030-03-14T23:40:00.000Z");
    expect(step(inProgress(), { type: "FINALIZE" }, FINALIZE_AT).lesson.status).toBe("COMPLETED");
  });
});

describe("finalize outcomes", () => {
  const finalize = (lesson: Partial<LessonState["lesson"]>) => ok(run(lessonState({ lesson }), { type: "FINALIZE" }, FINALIZE_AT));

  it("both joined → COMPLETED, capture full price", () => {
    const r = finalize(joined);
    expect(r.next.lesson.status).toBe("COMPLETED");
    expect(r.operations).toEqual([{ kind: "CAPTURE", amount: 450, idempotencyKey: "capture:pay_1" }]);
  });
  it("nobody joined → CANCELLED (NOBODY_JOINED), void", () => {
    const r = finalize({});
    expect(r.next.lesson).toMatchObject({ status: "CANCELLED", cancelReason: "NOBODY_JOINED" });
    expect(r.next.payment.settlementAmount).toBe(0);
    expect(r.operations).toEqual([{ kind: "VOID", amount: null, idempotencyKey: "void:pay_1" }]);
  });
  it("only the tutor joined → NO_SHOW (student), capture 50 %", () => {
    const r = finalize({ tutorJoinedAt: START });
    expect(r.next.lesson).toMatchObject({ status: "NO_SHOW", noShowParty: "STUDENT" });
    expect(r.operations).toEqual([{ kind: "CAPTURE", amount: 225, idempotencyKey: "capture:pay_1" }]);
  });
  it("only the student joined → NO_SHOW (tutor), void, alert for admins", () => {
    const r = finalize({ studentJoinedAt: START });
    expect(r.next.lesson).toMatchObject({ status: "NO_SHOW", noShowParty: "TUTOR" });
    expect(r.operations).toEqual([{ kind: "VOID", amount: null, idempotencyKey: "void:pay_1" }]);
    expect(r.alerts).toMatchObject([{ type: "TUTOR_NO_SHOW", severity: "WARNING" }]);
  });
  it("50 % of an odd price rounds half-up (455 → 228)", () => {
    const r = ok(
      run(lessonState({ lesson: { tutorJoinedAt: START, priceAmount: 455 }, payment: { amount: 455 } }), { type: "FINALIZE" }, FINALIZE_AT),
    );
    expect(r.operations[0]?.amount).toBe(228);
  });
});

describe("cancellation notice: 24 h", () => {
  const cancel = (by: "STUDENT" | "TUTOR", now: Date) => ok(run(lessonState(), { type: "CANCEL", by }, now));

  it("student exactly 24 h before start → void", () => {
    const r = cancel("STUDENT", at(-24 * HOUR));
    expect(r.next.lesson).toMatchObject({ status: "CANCELLED", cancelReason: "CANCELLED_BY_STUDENT" });
    expect(r.operations).toEqual([{ kind: "VOID", amount: null, idempotencyKey: "void:pay_1" }]);
  });
  it("student 24 h − 1 ms before start → capture 50 %", () => {
    const r = cancel("STUDENT", at(-24 * HOUR + 1));
    expect(r.next.payment.settlementAmount).toBe(225);
    expect(r.operations).toEqual([{ kind: "CAPTURE", amount: 225, idempotencyKey: "capture:pay_1" }]);
  });
  it("tutor exactly 24 h before start → void", () => {
    expect(cancel("TUTOR", at(-24 * HOUR)).operations).toEqual([{ kind: "VOID", amount: null, idempotencyKey: "void:pay_1" }]);
  });
  it("tutor 1 ms before start → void, recorded against the tutor", () => {
    const r = cancel("TUTOR", at(-1));
    expect(r.next.lesson.cancelReason).toBe("CANCELLED_BY_TUTOR");
    expect(r.operations.map((o) => o.kind)).toEqual(["VOID"]);
    expect(r.audit.find((f) => f.action === "lesson.cancelled")?.metadata).toMatchObject({ cancelledBy: "TUTOR", withinNotice: true });
  });
  it("nobody can cancel at the start itself", () => {
    expect(rejected(run(lessonState(), { type: "CANCEL", by: "STUDENT" }, START)).code).toBe("ALREADY_STARTED");
  });
});

describe("authorization horizon: authorize at booking only if end + grace < now + 6 days", () => {
  const book = (now: Date) =>
    ok(
      planBooking(
        {
          lessonId: "l",
          paymentId: "p",
          studentId: "s",
          tutorId: "t",
          scheduledStart: START,
          scheduledEnd: END,
          durationMinutes: 25,
          priceAmount: 450,
          currency: "USD",
        },
        { now, policy: defaultPolicy, actor: { type: "STUDENT", id: "s" } },
      ),
    );
  // end + grace = START + 40 min; on-session iff START + 40 min < now + 6 d
  const edge = at(40 * MIN - 6 * DAY);

  it("1 ms inside the horizon → authorized now, on-session", () => {
    const r = book(new Date(edge.getTime() + 1));
    expect(r.next.payment).toMatchObject({ authorizationMode: "ON_SESSION", authorizeAt: null, authorizationAttempts: 1 });
    expect(r.operations).toEqual([{ kind: "AUTHORIZE", amount: 450, idempotencyKey: "authorize:p:1" }]);
  });
  it("exactly at the horizon → card saved, authorized off-session 48 h before start", () => {
    const r = book(edge);
    expect(r.next.payment).toMatchObject({ authorizationMode: "OFF_SESSION", authorizeAt: at(-48 * HOUR), authorizationAttempts: 0 });
    expect(r.operations).toEqual([]);
  });

  const offSession = () => lessonState({ payment: SAVED_CARD });
  it("the scheduled authorization is not attempted 1 ms before 48 h, and is at exactly 48 h", () => {
    expect(ok(run(offSession(), { type: "AUTHORIZE_SCHEDULED" }, at(-48 * HOUR - 1))).changed).toBe(false);
    const r = ok(run(offSession(), { type: "AUTHORIZE_SCHEDULED" }, at(-48 * HOUR)));
    expect(r.operations).toEqual([{ kind: "AUTHORIZE", amount: 450, idempotencyKey: "authorize:pay_1:1" }]);
  });
  it("a decline is retried 6 h later while that is before start − 24 h", () => {
    let s = step(offSession(), { type: "AUTHORIZE_SCHEDULED" }, at(-48 * HOUR));
    s = { ...s, liveOperations: [] }; // the worker marks the op failed
    s = step(s, { type: "AUTHORIZATION_FAILED", code: "card_declined", message: "Your card was declined." }, at(-48 * HOUR));
    expect(s.payment).toMatchObject({
      status: "AWAITING_AUTHORIZATION",
      authorizeAt: at(-42 * HOUR),
      lastError: "card_declined: Your card was declined.",
    });
    expect(s.lesson.status).toBe("SCHEDULED");
  });
  it("the fourth decline (at start − 30 h) schedules a last attempt on the give-up point, start − 24 h", () => {
    const s = lessonState({ payment: { ...offSession().payment, authorizationAttempts: 4 } });
    const r = ok(run(s, { type: "AUTHORIZATION_FAILED", code: "card_declined", message: "declined" }, at(-30 * HOUR)));
    expect(r.next.payment).toMatchObject({ status: "AWAITING_AUTHORIZATION", authorizeAt: at(-24 * HOUR) });
    expect(r.next.lesson.status).toBe("SCHEDULED");
    expect(r.alerts).toEqual([]);
  });
  it("a decline between two intervals of the give-up point retries on it, not after it", () => {
    const s = lessonState({ payment: { ...offSession().payment, authorizationAttempts: 2 } });
    const r = ok(run(s, { type: "AUTHORIZATION_FAILED", code: "card_declined", message: "declined" }, at(-27 * HOUR)));
    expect(r.next.payment.authorizeAt).toEqual(at(-24 * HOUR));
  });
  it("the last attempt is made when the cron reaches it a minute after the give-up point", () => {
    const last = lessonState({ payment: { ...offSession().payment, authorizeAt: at(-24 * HOUR), authorizationAttempts: 4 } });
    const r = ok(run(last, { type: "AUTHORIZE_SCHEDULED" }, at(-24 * HOUR + MIN)));
    expect(r.operations).toEqual([{ kind: "AUTHORIZE", amount: 450, idempotencyKey: "authorize:pay_1:5" }]);
  });
  it("a decline at or after the give-up point cancels: payment FAILED, lesson CANCELLED, alert", () => {
    const s = lessonState({ payment: { ...offSession().payment, authorizeAt: at(-24 * HOUR), authorizationAttempts: 5 } });
    const r = ok(run(s, { type: "AUTHORIZATION_FAILED", code: "card_declined", message: "declined" }, at(-24 * HOUR + MIN)));
    expect(r.next.payment.status).toBe("FAILED");
    expect(r.next.lesson).toMatchObject({ status: "CANCELLED", cancelReason: "PAYMENT_FAILED" });
    expect(r.alerts.map((a) => a.type)).toEqual(["AUTHORIZATION_FAILED"]);
  });
  it("the scheduled pass gives up exactly at start − 24 h, not 1 ms before", () => {
    const due = lessonState({ payment: { ...offSession().payment, authorizeAt: at(-25 * HOUR) } });
    expect(ok(run(due, { type: "AUTHORIZE_SCHEDULED" }, at(-24 * HOUR - 1))).operations.map((o) => o.kind)).toEqual(["AUTHORIZE"]);
    const r = ok(run(due, { type: "AUTHORIZE_SCHEDULED" }, at(-24 * HOUR)));
    expect(r.next.payment.status).toBe("FAILED");
    expect(r.next.lesson.cancelReason).toBe("PAYMENT_FAILED");
    expect(r.operations).toEqual([]);
  });
});

describe("capture deadline watch: alert within 24 h of captureBefore", () => {
  const captureBefore = at(2 * DAY);
  const s = lessonState({ payment: { captureBefore } });
  it("no alert 1 ms before the warning point, an alert exactly at it", () => {
    expect(captureDeadlineAlert(s, new Date(captureBefore.getTime() - 24 * HOUR - 1), defaultPolicy)).toBeNull();
    expect(captureDeadlineAlert(s, new Date(captureBefore.getTime() - 24 * HOUR), defaultPolicy)).toMatchObject({
      type: "CAPTURE_DEADLINE_NEAR",
    });
  });
  it("is CRITICAL when the lesson would only be finalized after the hold lapses", () => {
    const late = lessonState({ payment: { captureBefore: at(30 * MIN) } });
    expect(captureDeadlineAlert(late, START, defaultPolicy)?.severity).toBe("CRITICAL");
  });
  it("says nothing for a captured payment or a lesson that is already over", () => {
    expect(captureDeadlineAlert(lessonState({ payment: { status: "CAPTURED", captureBefore: START } }), START, defaultPolicy)).toBeNull();
    expect(
      captureDeadlineAlert(lessonState({ lesson: { status: "COMPLETED" }, payment: { captureBefore: START } }), START, defaultPolicy),
    ).toBeNull();
  });
});

describe("orphan sweep: no time window", () => {
  it.each([1 * MIN, 1 * HOUR, 1 * HOUR + 1, 90 * DAY])(
    "sweeps a terminal lesson with an authorized payment %i ms after its end",
    (after) => {
      const s = lessonState({
        lesson: { status: "NO_SHOW", noShowParty: "STUDENT", tutorJoinedAt: START },
        payment: { settlementAmount: 225 },
      });
      const r = ok(run(s, { type: "SWEEP" }, new Date(END.getTime() + after)));
      expect(r.operations).toEqual([{ kind: "CAPTURE", amount: 225, idempotencyKey: "capture:pay_1" }]);
    },
  );
});

describe("problem reports and earnings: 72 h after the scheduled end", () => {
  it("the report window and the earnings hold end at the same moment, 72 h after the end", () => {
    const lesson = lessonState().lesson;
    expect(problemReportDeadline(lesson, defaultPolicy)).toEqual(at(25 * MIN + 72 * HOUR));
    expect(earningsAvailableAt(lesson, defaultPolicy)).toEqual(at(25 * MIN + 72 * HOUR));
  });
});
