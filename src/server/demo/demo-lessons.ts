import "server-only";
// What the demo scenarios share: the demo users, a sandbox test card as the browser would send it, and moving a booked
// lesson into the past (as if imported from the system this one replaces, and marked so).
import type { Services } from "~/server/services";
import { auditEventData } from "~/server/audit/audit-event";

export const SEED = { type: "OPS" as const, id: "demo-seed" };
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export async function user(services: Services, email: string) {
  const u = await services.db.user.findUniqueOrThrow({ where: { email } });
  return { id: u.id, email: u.email, name: u.name, role: u.role, timeZone: u.timeZone };
}

export async function testCard(stripeUrl: string, number = "4242424242424242"): Promise<string> {
  const res = await fetch(`${stripeUrl}/v1/payment_methods`, {
    method: "POST",
    headers: { Authorization: "Bearer pk_test_sandbox", "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      type: "card",
      "card[number]": number,
      "card[exp_month]": "12",
      "card[exp_year]": "2035",
      "card[cvc]": "123",
    }),
  });
  const body = (await res.json()) as { id?: string };
  if (!body.id) throw new Error("demo seed: the Stripe sandbox did not create a card");
  return body.id;
}

/** Move a booked lesson into the past as a finished lesson whose payment is still held (the incident's shape). */
export async function shapeAsPastLesson(services: Services, lessonId: string, endedAgoMs: number, status: "COMPLETED") {
  const now = services.now();
  const lesson = await services.db.lesson.findUniqueOrThrow({ where: { id: lessonId } });
  const end = new Date(now.getTime() - endedAgoMs);
  const start = new Date(end.getTime() - lesson.durationMinutes * 60_000);
  await services.db.$executeRaw`
    UPDATE "Lesson" SET status = ${status}::"LessonStatus", "scheduledStart" = ${start}, "scheduledEnd" = ${end},
      "studentJoinedAt" = ${start}, "tutorJoinedAt" = ${start}, "studentLastJoinedAt" = ${start}, "tutorLastJoinedAt" = ${start},
      "callStartedAt" = ${start}, "callEndedAt" = ${new Date(start.getTime() + 60_000)}, "endedBy" = 'TUTOR', "finalizedAt" = ${end},
      version = version + 1
    WHERE id = ${lessonId}`;
  await services.db.auditEvent.create({
    data: auditEventData({
      action: "demo.legacy_import",
      at: now,
      actor: SEED,
      subject: { type: "LESSON", id: lessonId },
      lessonId,
      from: "SCHEDULED",
      to: status,
      reason: "Demo data shaped like the original incident (imported history)",
    }),
  });
}
