import { describe, expect, it } from "vitest";
import { authorizationPlanFor } from "./booking-preview";
import { planBooking } from "./booking";
import { defaultPolicy } from "./policy";

const H = 3_600_000;
const now = new Date("2026-11-26T12:00:00Z");
const slotIn = (hours: number, durationMinutes = 25) => {
  const start = new Date(now.getTime() + hours * H);
  return { start, end: new Date(start.getTime() + durationMinutes * 60_000), durationMinutes, priceAmount: 450, currency: "USD" };
};

describe("authorizationPlanFor", () => {
  it("holds the card at booking when the lesson is settled within six days", () => {
    expect(authorizationPlanFor(slotIn(2), now, defaultPolicy)).toEqual({ mode: "ON_SESSION" });
    expect(authorizationPlanFor(slotIn(143), now, defaultPolicy)).toEqual({ mode: "ON_SESSION" });
  });

  it("authorizes far-ahead lessons 48 hours before the start", () => {
    expect(authorizationPlanFor(slotIn(240), now, defaultPolicy)).toEqual({
      mode: "OFF_SESSION",
      authorizeAt: new Date(now.getTime() + 192 * H),
    });
  });

  it("is what planBooking decides for the same slot, at every hour of the horizon's edge", () => {
    for (let hours = 140; hours <= 150; hours += 0.25) {
      const slot = slotIn(hours, 50);
      const booked = planBooking(
        { lessonId: "l", paymentId: "p", studentId: "s", tutorId: "t", scheduledStart: slot.start, scheduledEnd: slot.end, ...slot },
        { now, policy: defaultPolicy, actor: { type: "STUDENT", id: "s" } },
      );
      if (!booked.ok) throw new Error(booked.message);
      const plan = authorizationPlanFor(slot, now, defaultPolicy);
      expect(plan?.mode).toBe(booked.next.payment.authorizationMode);
      expect(plan && "authorizeAt" in plan ? plan.authorizeAt : null).toEqual(booked.next.payment.authorizeAt);
    }
  });

  it("is null for a slot the booking would refuse (a start already passed)", () => {
    expect(authorizationPlanFor(slotIn(-1), now, defaultPolicy)).toBeNull();
  });
});
