import { describe, it, expect } from "vitest";
import { DAY, HOUR, MIN, START, at, ok, rejected } from "~/test/lifecycle-fixtures";
import { planBooking, type BookingInput } from "./booking";
import { defaultPolicy, policyWith } from "./policy";
import { canMove } from "./graph";

const input = (overrides: Partial<BookingInput> = {}): BookingInput => ({
  lessonId: "lesson_9",
  paymentId: "pay_9",
  studentId: "student_9",
  tutorId: "tutor_9",
  scheduledStart: START,
  scheduledEnd: at(25 * MIN),
  durationMinutes: 25,
  priceAmount: 450,
  currency: "USD",
  ...overrides,
});
const ctx = (now: Date, policy = defaultPolicy) => ({ now, policy, actor: { type: "STUDENT" as const, id: "student_9" } });

describe("planBooking", () => {
  it("books a near lesson with an on-session authorization right away", () => {
    const r = ok(planBooking(input(), ctx(at(-2 * DAY))));
    expect(r.changed).toBe(true);
    expect(r.next.lesson).toMatchObject({ id: "lesson_9", status: "SCHEDULED", version: 0, priceAmount: 450, currency: "USD" });
    expect(r.next.payment).toMatchObject({
      id: "pay_9",
      status: "AWAITING_AUTHORIZATION",
      amount: 450,
      authorizationMode: "ON_SESSION",
      authorizeAt: null,
      authorizationAttempts: 1,
      settlementAmount: null,
    });
    expect(r.operations).toEqual([{ kind: "AUTHORIZE", amount: 450, idempotencyKey: "authorize:pay_9:1" }]);
    expect(r.next.liveOperations).toEqual([{ kind: "AUTHORIZE", amount: 450 }]);
    expect(r.audit.map((f) => [f.action, f.from, f.to])).toEqual([
      ["lesson.booked", null, "SCHEDULED"],
      ["payment.created", null, "AWAITING_AUTHORIZATION"],
      ["payment.authorization_requested", "AWAITING_AUTHORIZATION", "AWAITING_AUTHORIZATION"],
    ]);
    expect({ ...r.next, lesson: undefined, payment: undefined }).toMatchObject({
      refundOperationCount: 0,
      pendingRefundAmount: 0,
      captureOperationCount: 0,
      voidOperationCount: 0,
    });
  });

  it("books a far lesson with the authorization scheduled 48 h before start and no operation yet", () => {
    const r = ok(planBooking(input(), ctx(at(-30 * DAY))));
    expect(r.next.payment).toMatchObject({ authorizationMode: "OFF_SESSION", authorizeAt: at(-48 * HOUR), authorizationAttempts: 0 });
    expect(r.operations).toEqual([]);
    expect(r.next.liveOperations).toEqual([]);
    expect(r.audit.at(-1)).toMatchObject({
      action: "payment.authorization_scheduled",
      metadata: { authorizeAt: "2030-03-12T23:00:00.000Z" },
    });
  });

  it("schedules the authorization for now when start − 48 h has already passed (a policy with a short horizon)", () => {
    const policy = policyWith({ authorizationHorizonMs: 1 * HOUR });
    const r = ok(planBooking(input(), ctx(at(-10 * HOUR), policy)));
    expect(r.next.payment).toMatchObject({ authorizationMode: "OFF_SESSION", authorizeAt: at(-10 * HOUR) });
  });

  it("books a 50-minute lesson", () => {
    const r = ok(planBooking(input({ durationMinutes: 50, scheduledEnd: at(50 * MIN) }), ctx(at(-1 * DAY))));
    expect(r.next.lesson.durationMinutes).toBe(50);
  });

  it("does not share Date objects with the caller's input", () => {
    const i = input();
    const r = ok(planBooking(i, ctx(at(-1 * DAY))));
    expect(r.next.lesson.scheduledStart).not.toBe(i.scheduledStart);
    expect(r.next.lesson.scheduledStart).toEqual(i.scheduledStart);
  });

  it("starts in statuses the graph knows as initial (nothing leads back into them)", () => {
    expect(canMove("LESSON", "IN_PROGRESS", "SCHEDULED")).toBe(false);
    expect(canMove("PAYMENT", "AUTHORIZED", "AWAITING_AUTHORIZATION")).toBe(false);
  });

  it.each([
    ["START_IN_PAST", input(), START, /already passed/],
    ["START_IN_PAST", input(), at(1), /already passed/],
    ["DURATION_NOT_ALLOWED", input({ durationMinutes: 30, scheduledEnd: at(30 * MIN) }), at(-DAY), /25 or 50 minutes/],
    ["END_MISMATCH", input({ scheduledEnd: at(26 * MIN) }), at(-DAY), /ends at ⟦instant:2030-03-14T23:25:00.000Z⟧/],
    ["END_MISMATCH", input({ durationMinutes: 50 }), at(-DAY), /ends at ⟦instant:2030-03-14T23:50:00.000Z⟧/],
    ["INVALID_PRICE", input({ priceAmount: 0 }), at(-DAY), /positive whole number/],
    ["INVALID_PRICE", input({ priceAmount: -450 }), at(-DAY), /positive whole number/],
    ["INVALID_PRICE", input({ priceAmount: 4.5 }), at(-DAY), /positive whole number/],
    ["INVALID_CURRENCY", input({ currency: "usd" }), at(-DAY), /ISO 4217/],
  ] as const)("rejects with %s", (code, bookingInput, now, message) => {
    const r = rejected(planBooking(bookingInput, ctx(now)));
    expect(r.code).toBe(code);
    expect(r.message).toMatch(message);
  });
});
