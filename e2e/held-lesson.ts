// A lesson and its card hold seeded the way the replaced system left them (SQL around a real PaymentIntent at the
// Stripe sandbox), for the admin specs: the admin's actions then go to the provider like any other.
import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import { E2E } from "./env";
import { type E2EUser, sql } from "./support";

export const STRIPE = `http://127.0.0.1:${E2E.stripePort}`;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export async function stripeForm<T>(path: string, key: string, form: Record<string, string>): Promise<T> {
  const res = await fetch(`${STRIPE}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  const body = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(`Stripe sandbox ${path}: ${res.status} ${body.error?.message}`);
  return body;
}

/** A real card hold at the Stripe sandbox, as the booking would have placed it: returns its id and deadline. */
async function heldPaymentIntent(amount: number, card = "4242424242424242"): Promise<{ id: string; captureBefore: Date }> {
  const pm = await stripeForm<{ id: string }>("/v1/payment_methods", "pk_test_sandbox", {
    type: "card",
    "card[number]": card,
    "card[exp_month]": "12",
    "card[exp_year]": "2035",
    "card[cvc]": "123",
  });
  const pi = await stripeForm<{ id: string; status: string }>("/v1/payment_intents", "sk_test_x", {
    amount: String(amount),
    currency: "usd",
    capture_method: "manual",
    confirm: "true",
    payment_method: pm.id,
  });
  expect(pi.status).toBe("requires_capture");
  const full = (await (
    await fetch(`${STRIPE}/v1/payment_intents/${pi.id}?expand[]=latest_charge`, { headers: { Authorization: "Bearer sk_test_x" } })
  ).json()) as { latest_charge: { payment_method_details: { card: { capture_before: number } } } };
  return { id: pi.id, captureBefore: new Date(full.latest_charge.payment_method_details.card.capture_before * 1000) };
}

/**
 * A lesson and its held payment written straight into the database, with no PaymentOperation rows: a lesson that is
 * over (or ahead) while its authorization waits, as the replaced system left them. The history is recorded as an
 * import so the timeline has something to show.
 */
export async function seedHeldLesson(o: {
  student: E2EUser;
  tutor: E2EUser;
  status: "COMPLETED" | "SCHEDULED";
  start: Date;
  minutes: 25 | 50;
  amount: number;
  captureBefore?: Date;
  /** the card the hold is on (Stripe's test numbers: 4000000000000259 opens a chargeback once captured) */
  card?: string;
}): Promise<{ lessonId: string; paymentId: string; pi: string }> {
  const lessonId = randomUUID();
  const paymentId = randomUUID();
  const pi = await heldPaymentIntent(o.amount, o.card);
  const end = new Date(o.start.getTime() + o.minutes * MIN);
  const over = o.status === "COMPLETED";
  await sql(
    `INSERT INTO "Lesson" (id, "studentId", "tutorId", status, "scheduledStart", "scheduledEnd", "durationMinutes", "priceAmount", currency,
       "studentJoinedAt", "tutorJoinedAt", "studentLastJoinedAt", "tutorLastJoinedAt", "callStartedAt", "callEndedAt", "endedBy", "finalizedAt", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4::"LessonStatus", $5, $6, $7, $8, 'USD', $9, $9, $9, $9, $9, $10, $11::"Participant", $12, now(), now())`,
    [
      lessonId,
      o.student.id,
      o.tutor.id,
      o.status,
      o.start,
      end,
      o.minutes,
      o.amount,
      over ? o.start : null,
      over ? new Date(o.start.getTime() + MIN) : null,
      over ? "TUTOR" : null,
      over ? end : null,
    ],
  );
  await sql(
    `INSERT INTO "Payment" (id, "lessonId", status, amount, currency, "authorizationMode", "captureBefore", "providerPaymentIntentId", "createdAt", "updatedAt")
     VALUES ($1, $2, 'AUTHORIZED', $3, 'USD', 'ON_SESSION', $4, $5, now(), now())`,
    [paymentId, lessonId, o.amount, o.captureBefore ?? pi.captureBefore, pi.id],
  );
  const events: [string, string, string, string | null, string | null, string][] = [
    ["STUDENT", o.student.id, "lesson.booked", null, "SCHEDULED", "LESSON"],
    ["WORKER", "legacy", "payment.authorized", "AWAITING_AUTHORIZATION", "AUTHORIZED", "PAYMENT"],
  ];
  if (over) {
    events.push(["TUTOR", o.tutor.id, "lesson.ended_early", "IN_PROGRESS", "ENDED_EARLY", "LESSON"]);
    events.push(["STUDENT", o.student.id, "lesson.completed", "ENDED_EARLY", "COMPLETED", "LESSON"]);
  }
  let at = o.start.getTime() - DAY;
  for (const [actorType, actorId, action, from, to, subject] of events) {
    at = action.startsWith("lesson.ended") ? o.start.getTime() + MIN : action === "lesson.completed" ? end.getTime() + 2 * HOUR : at + MIN;
    await sql(
      `INSERT INTO "AuditEvent" (id, at, "actorType", "actorId", action, "subjectType", "subjectId", "lessonId", "fromState", "toState", reason)
       VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7, $8, $9, 'imported from the replaced system')`,
      [new Date(at), actorType, actorId, action, subject, subject === "LESSON" ? lessonId : paymentId, lessonId, from, to],
    );
  }
  return { lessonId, paymentId, pi: pi.id };
}
