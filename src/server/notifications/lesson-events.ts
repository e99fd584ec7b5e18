import "server-only";
// Which messages a lifecycle transition causes, read from the state before and after it. Pure: applyCommand (and
// booking) call it inside the transaction that makes the change, so the messages commit with it or not at all.
import type { Policy } from "~/server/lifecycle/policy";
import type { LessonState } from "~/server/lifecycle/types";
import type { Facts, NotificationRequest } from "./request";

function lessonFacts(s: LessonState): Facts {
  return {
    lessonId: s.lesson.id,
    start: s.lesson.scheduledStart.toISOString(),
    end: s.lesson.scheduledEnd.toISOString(),
    durationMinutes: s.lesson.durationMinutes,
    price: s.lesson.priceAmount,
    currency: s.lesson.currency,
  };
}

const CHARGED = ["CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED"];

export function lessonNotifications(
  before: LessonState | null,
  next: LessonState,
  policy: Readonly<Policy>,
  now: Date,
): NotificationRequest[] {
  const { lesson, payment } = next;
  const id = lesson.id;
  const base = lessonFacts(next);
  const out: NotificationRequest[] = [];
  const to = (userId: string, r: Omit<NotificationRequest, "userId" | "lessonId">) => out.push({ ...r, userId, lessonId: id });

  if (!before) {
    to(lesson.studentId, { kind: "booking_confirmed", event: `lesson:${id}:booked`, facts: base });
    to(lesson.tutorId, { kind: "new_booking", event: `lesson:${id}:booked`, facts: base });
    const remindAt = new Date(lesson.scheduledStart.getTime() - policy.notifications.reminderBeforeStartMs);
    // Booked later than the reminder time: the confirmation is the reminder.
    if (remindAt > now) to(lesson.studentId, { kind: "lesson_reminder", event: `lesson:${id}:reminder`, facts: base, sendAt: remindAt });
    return out;
  }

  if (before.lesson.status !== "CANCELLED" && lesson.status === "CANCELLED") {
    const facts = { ...base, reason: lesson.cancelReason };
    to(lesson.studentId, { kind: "lesson_cancelled", event: `lesson:${id}:cancelled`, facts });
    to(lesson.tutorId, { kind: "lesson_cancelled", event: `lesson:${id}:cancelled`, facts });
  }

  if (before.lesson.status !== "ENDED_EARLY" && lesson.status === "ENDED_EARLY" && lesson.endedBy) {
    const other = lesson.endedBy === "TUTOR" ? lesson.studentId : lesson.tutorId;
    to(other, { kind: "lesson_ended_early", event: `lesson:${id}:ended_early`, facts: { ...base, endedBy: lesson.endedBy } });
  }

  const wasCharged = CHARGED.includes(before.payment.status);
  if (!wasCharged && payment.status === "CAPTURED") {
    // One receipt per lesson: what was charged, or (below) that nothing was.
    to(lesson.studentId, {
      kind: "lesson_receipt",
      event: `lesson:${id}:receipt`,
      facts: { ...base, charged: payment.amountCaptured, authorized: payment.amount },
    });
    to(lesson.tutorId, {
      kind: "lesson_settled",
      event: `lesson:${id}:settled`,
      facts: {
        ...base,
        charged: payment.amountCaptured,
        platformFee: payment.platformFee,
        earning: payment.tutorShare,
        availableAt: new Date(lesson.scheduledEnd.getTime() + policy.earningsHoldMs).toISOString(),
      },
    });
  }
  if (before.payment.status !== "VOIDED" && payment.status === "VOIDED") {
    to(lesson.studentId, {
      kind: "lesson_receipt",
      event: `lesson:${id}:receipt`,
      facts: { ...base, charged: 0, authorized: payment.amount },
    });
  }

  if (payment.amountRefunded > before.payment.amountRefunded) {
    to(lesson.studentId, {
      kind: "lesson_refund",
      // keyed by the running total, so each refund is its own message and a replay of one is not
      event: `lesson:${id}:refund:${payment.amountRefunded}`,
      facts: {
        ...base,
        refunded: payment.amountRefunded - before.payment.amountRefunded,
        totalRefunded: payment.amountRefunded,
        charged: payment.amountCaptured,
      },
    });
  }
  return out;
}
