import "server-only";
// What the booking page tells a student before they book: whether the card is held now or on a later date. It is
// the booking's own decision — planBooking run on the offered slot with the tutor's real price at the same clock —
// so the page cannot promise one thing while lesson.book does another. Nothing is written.
import type { Policy } from "./policy";
import { planBooking } from "./booking";

export type AuthorizationPlan = { mode: "ON_SESSION" } | { mode: "OFF_SESSION"; authorizeAt: Date };

export interface OfferedSlot {
  start: Date;
  end: Date;
  durationMinutes: number;
  /** minor units, from the tutor's profile */
  priceAmount: number;
  currency: string;
}

/** The plan booking this slot now would make, or null when the booking itself would be refused (its message says why). */
export function authorizationPlanFor(slot: OfferedSlot, now: Date, policy: Readonly<Policy>): AuthorizationPlan | null {
  const outcome = planBooking(
    {
      lessonId: "preview",
      paymentId: "preview",
      studentId: "preview",
      tutorId: "preview",
      scheduledStart: slot.start,
      scheduledEnd: slot.end,
      durationMinutes: slot.durationMinutes,
      priceAmount: slot.priceAmount,
      currency: slot.currency,
    },
    { now, policy, actor: { type: "STUDENT", id: "preview" } },
  );
  if (!outcome.ok) return null;
  const { authorizationMode, authorizeAt } = outcome.next.payment;
  return authorizationMode === "OFF_SESSION" && authorizeAt ? { mode: "OFF_SESSION", authorizeAt } : { mode: "ON_SESSION" };
}
