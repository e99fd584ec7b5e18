import "server-only";
// Limits that stop one student from hoarding tutors' time (booking every free slot far ahead, where no card hold is
// placed and cancelling is free). The numbers are in policy.ts; the facts are read inside the booking's transaction,
// after the student's row is locked, so two parallel bookings by one student are counted one after the other.
import type { Db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import type { Policy } from "~/server/lifecycle/policy";
import type { Tx } from "~/server/lifecycle/state-rows";

const WEEK_MS = 7 * 86_400_000;

export type BookingLimitRule = "MAX_UPCOMING_LESSONS" | "MAX_UNHELD_LESSONS" | "MAX_WEEKLY_LESSONS_WITH_TUTOR";

export interface BookingLimitFacts {
  /** the student's lessons not yet over (SCHEDULED or IN_PROGRESS, end in the future) */
  upcoming: number;
  /** of those, the ones whose card is only saved, not held (payment AWAITING_AUTHORIZATION) */
  unheld: number;
  /** starts of the student's lessons with this tutor (all but CANCELLED) within 7 days either side of the new start */
  sameTutorStarts: readonly Date[];
}

export type BookingLimitPolicy = Pick<Policy, "maxUpcomingLessonsPerStudent" | "maxUnheldLessonsPerStudent" | "maxWeeklyLessonsWithTutor">;

/**
 * The most lessons with one tutor that fall in any 7-day window holding the new start, counting the new lesson
 * (a rolling week, so the rule cannot be dodged by booking both sides of a calendar week's edge).
 */
export function busiestWeekWith(newStart: Date, others: readonly Date[]): number {
  const t = newStart.getTime();
  const starts = [...others.map((d) => d.getTime()), t].sort((a, b) => a - b);
  let most = 0;
  // A window [s, s + 7 d) holds the new start when s ≤ t < s + 7 d; its busiest placement begins at some lesson's start.
  for (const s of starts) {
    if (s > t || t >= s + WEEK_MS) continue;
    most = Math.max(most, starts.filter((x) => x >= s && x < s + WEEK_MS).length);
  }
  return most;
}

/** The first limit booking one more lesson would break, with a message saying which rule and what to do; else null. */
export function bookingLimitProblem(
  facts: BookingLimitFacts,
  booking: { scheduledStart: Date; withoutHold: boolean },
  policy: BookingLimitPolicy,
): { rule: BookingLimitRule; message: string } | null {
  const maxUpcoming = policy.maxUpcomingLessonsPerStudent;
  if (facts.upcoming + 1 > maxUpcoming) {
    return {
      rule: "MAX_UPCOMING_LESSONS",
      message: `You already have ${facts.upcoming} upcoming lessons, the most one student can have booked at once (${maxUpcoming}). Cancel one you no longer need, or book again after your next lesson has taken place.`,
    };
  }
  const maxUnheld = policy.maxUnheldLessonsPerStudent;
  if (booking.withoutHold && facts.unheld + 1 > maxUnheld) {
    return {
      rule: "MAX_UNHELD_LESSONS",
      message: `You already have ${facts.unheld} lessons booked far ahead whose card is not held yet, the most allowed (${maxUnheld}). Book this time when it is closer (your card is then held at booking), or cancel one of those lessons.`,
    };
  }
  const maxWeekly = policy.maxWeeklyLessonsWithTutor;
  const week = busiestWeekWith(booking.scheduledStart, facts.sameTutorStarts);
  if (week > maxWeekly) {
    return {
      rule: "MAX_WEEKLY_LESSONS_WITH_TUTOR",
      message: `This would make ${week} lessons with this tutor within 7 days; at most ${maxWeekly} are allowed, so other students can book them too. Pick a time further from your other lessons with this tutor, or cancel one.`,
    };
  }
  return null;
}

export async function readBookingLimitFacts(
  client: Db | Tx,
  studentId: string,
  tutorId: string,
  scheduledStart: Date,
  now: Date,
): Promise<BookingLimitFacts> {
  const upcomingWhere = { studentId, status: { in: ["SCHEDULED" as const, "IN_PROGRESS" as const] }, scheduledEnd: { gt: now } };
  const [upcoming, unheld, sameTutor] = await Promise.all([
    client.lesson.count({ where: upcomingWhere }),
    client.lesson.count({ where: { ...upcomingWhere, payment: { status: "AWAITING_AUTHORIZATION" } } }),
    client.lesson.findMany({
      where: {
        studentId,
        tutorId,
        status: { not: "CANCELLED" },
        scheduledStart: { gt: new Date(scheduledStart.getTime() - WEEK_MS), lt: new Date(scheduledStart.getTime() + WEEK_MS) },
      },
      select: { scheduledStart: true },
    }),
  ]);
  return { upcoming, unheld, sameTutorStarts: sameTutor.map((l) => l.scheduledStart) };
}

/**
 * Refuses a booking that breaks a limit. Given the booking's transaction, it first locks the student's row
 * (NO KEY UPDATE: it serialises this student's bookings without blocking rows that merely reference the student).
 */
export async function assertWithinBookingLimits(
  client: Db | Tx,
  policy: BookingLimitPolicy,
  booking: { studentId: string; tutorId: string; scheduledStart: Date; withoutHold: boolean; now: Date },
  opts: { lockStudent: boolean },
): Promise<void> {
  if (opts.lockStudent) await client.$queryRaw`SELECT id FROM "user" WHERE id = ${booking.studentId} FOR NO KEY UPDATE`;
  const facts = await readBookingLimitFacts(client, booking.studentId, booking.tutorId, booking.scheduledStart, booking.now);
  const problem = bookingLimitProblem(facts, booking, policy);
  if (problem) throw new AppError("RULE_VIOLATION", problem.message, { rule: problem.rule });
}
