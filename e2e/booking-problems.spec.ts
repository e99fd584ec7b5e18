import { expect, test } from "@playwright/test";
import { createTutor, createUser, gridSlotAfter, newSignedInPage, payWithCard, pickSlot, shot, sql, TEST_CARDS } from "./support";

const DAY = 86_400_000;

test("a declined card says nothing was charged and what to do; another card books the same time", async ({ browser }) => {
  const tutor = await createTutor({ name: "Dora Decline", timeZone: "Europe/London" });
  const student = await createUser({ role: "STUDENT", name: "Dan Decline", timeZone: "America/Chicago" });
  const s = await newSignedInPage(browser, student.email, "America/Chicago");
  await s.page.goto(`/tutors/${tutor.id}`);
  const startIso = await pickSlot(s.page);

  await payWithCard(s.page, TEST_CARDS.declined);
  const declined = s.page.getByTestId("booking-declined");
  await expect(declined).toContainText("Your card was declined — nothing was charged. Try another card.");
  await shot(s.page, "declined-01-generic");
  const [first] = await sql<{ status: string; cancelReason: string; pstatus: string }>(
    `SELECT l.status, l."cancelReason", p.status AS pstatus FROM "Lesson" l JOIN "Payment" p ON p."lessonId" = l.id WHERE l."studentId" = $1`,
    [student.id],
  );
  expect(first).toEqual({ status: "CANCELLED", cancelReason: "PAYMENT_FAILED", pstatus: "FAILED" });

  await payWithCard(s.page, TEST_CARDS.insufficientFunds);
  await expect(declined).toContainText("declined for insufficient funds — nothing was charged");
  await payWithCard(s.page, TEST_CARDS.authRequired);
  await expect(declined).toContainText("3-D Secure");
  await expect(declined).toContainText("Try another card.");
  await shot(s.page, "declined-02-authentication-required");

  // The time is still free: the same slot books with a good card.
  await expect(s.page.locator(`input[name="slot"][value="${startIso}"]`)).toBeChecked();
  await payWithCard(s.page, TEST_CARDS.ok);
  await expect(s.page.getByTestId("booking-confirmed")).toContainText("authorized for $4.50");
  const rows = await sql<{ status: string }>(`SELECT status FROM "Lesson" WHERE "studentId" = $1 ORDER BY "createdAt"`, [student.id]);
  expect(rows.map((r) => r.status)).toEqual(["CANCELLED", "CANCELLED", "CANCELLED", "SCHEDULED"]);

  // My lessons words the declined attempts plainly.
  await s.page.goto("/lessons");
  const past = s.page.getByRole("list", { name: "Past lessons" }).getByTestId("lesson-item").first();
  await expect(past.getByTestId("lesson-state")).toHaveText("Cancelled — your card was declined");
  await expect(past.getByTestId("payment-state")).toHaveText("Card declined — nothing was charged");
  await shot(s.page, "declined-03-my-lessons");
  await s.context.close();
});

test("a slot someone else books meanwhile: the page says it was just taken and refreshes the times", async ({ browser }) => {
  const tutor = await createTutor({ name: "Tess Taken", timeZone: "Australia/Sydney" });
  const alice = await createUser({ role: "STUDENT", name: "Alice Slow", timeZone: "Europe/Paris" });
  const bob = await createUser({ role: "STUDENT", name: "Bob Quick", timeZone: "Asia/Kolkata" });
  const a = await newSignedInPage(browser, alice.email, "Europe/Paris");
  const b = await newSignedInPage(browser, bob.email, "Asia/Kolkata");

  await a.page.goto(`/tutors/${tutor.id}`);
  const startIso = await pickSlot(a.page);
  await a.page.getByLabel("Card number").fill(TEST_CARDS.ok);

  // Bob, in another browser, books the same instant (shown to him in his own zone).
  await b.page.goto(`/tutors/${tutor.id}`);
  await pickSlot(b.page, { startIso });
  await payWithCard(b.page, TEST_CARDS.ok);
  await expect(b.page.getByTestId("booking-confirmed")).toBeVisible();

  await payWithCard(a.page, TEST_CARDS.ok);
  await expect(a.page.getByTestId("booking-taken")).toContainText("This slot was just taken by another student. Pick another time.");
  await expect(a.page.locator(`input[name="slot"][value="${startIso}"]`)).toHaveCount(0);
  await shot(a.page, "taken-01-slot-just-taken");
  expect(await sql(`SELECT id FROM "Lesson" WHERE "studentId" = $1`, [alice.id])).toHaveLength(0);
  await a.context.close();
  await b.context.close();
});

test("a booking far ahead explains when the card will be authorized, in the student's time zone", async ({ browser }) => {
  const tutor = await createTutor({ name: "Fay Future", timeZone: "America/Sao_Paulo" });
  const student = await createUser({ role: "STUDENT", name: "Finn Future", timeZone: "Asia/Tokyo" });
  const s = await newSignedInPage(browser, student.email, "Asia/Tokyo");
  await s.page.goto(`/tutors/${tutor.id}`);
  const startIso = await pickSlot(s.page, { duration: 50, startIso: await gridSlotAfter(9 * DAY) });
  await expect(s.page.getByTestId("booking-summary")).toContainText("we save your card now and authorize $8.50 on");
  await payWithCard(s.page, TEST_CARDS.ok);
  const later = s.page.getByTestId("authorize-later");
  const authorizeAt = new Date(new Date(startIso).getTime() - 2 * DAY);
  const expected = new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Tokyo", month: "short", day: "numeric" }).format(authorizeAt);
  await expect(later).toContainText(`will authorize $8.50 on`);
  await expect(later).toContainText(expected);
  await expect(later).toContainText("GMT+9");
  await shot(s.page, "far-ahead-01-authorize-later");
  const [p] = await sql<{ status: string; mode: string; at: string }>(
    `SELECT p.status, p."authorizationMode" AS mode, to_char(p."authorizeAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
     FROM "Payment" p JOIN "Lesson" l ON l.id = p."lessonId" WHERE l."studentId" = $1`,
    [student.id],
  );
  expect(p).toEqual({ status: "AWAITING_AUTHORIZATION", mode: "OFF_SESSION", at: authorizeAt.toISOString() });
  await s.page.goto("/lessons");
  await expect(s.page.getByTestId("lesson-item").first().getByTestId("payment-state")).toContainText(
    "Card saved — we'll authorize $8.50 on",
  );
  await shot(s.page, "far-ahead-02-my-lessons");
  await s.context.close();
});
