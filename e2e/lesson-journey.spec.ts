import { expect, test } from "@playwright/test";
import {
  advanceClocksTo,
  createTutor,
  createUser,
  newSignedInPage,
  payWithCard,
  pickSlot,
  runCron,
  shot,
  sql,
  stripeCounters,
  TEST_CARDS,
} from "./support";

const MIN = 60_000;

test("the full journey: book and pay in the browser, both join, the tutor ends early, settled once at finalize", async ({ browser }) => {
  test.setTimeout(120_000);
  const tutor = await createTutor({ name: "Tina Journey", timeZone: "Europe/Berlin", headline: "German for travellers" });
  const student = await createUser({ role: "STUDENT", name: "Jon Journey", timeZone: "America/New_York" });
  const s = await newSignedInPage(browser, student.email, "America/New_York");
  const t = await newSignedInPage(browser, tutor.email, "Europe/Berlin");

  // The student finds the tutor and sees prices in their locale and times in their zone.
  await s.page.goto("/tutors");
  const card = s.page.getByTestId("tutor-card").filter({ hasText: "Tina Journey" });
  await expect(card).toContainText("$4.50 / 25 min");
  await expect(card).toContainText("Europe/Berlin");
  await shot(s.page, "journey-01-tutors");
  await card.getByRole("link", { name: "See times and book Tina Journey" }).click();
  await expect(s.page.getByRole("heading", { name: "Tina Journey" })).toBeVisible();
  await expect(s.page.getByText("Time (your time zone: America/New_York)")).toBeVisible();

  // Book the first free slot; the card goes from the browser to the Stripe sandbox, only the pm_… id to us.
  const cardRequests: string[] = [];
  s.page.on("request", (r) => {
    if (r.method() === "POST" && (r.postData() ?? "").includes("4242424242424242")) cardRequests.push(new URL(r.url()).origin);
  });
  const startIso = await pickSlot(s.page);
  await expect(s.page.getByTestId("booking-summary")).toContainText("Your card is authorized (held) for $4.50 now");
  await shot(s.page, "journey-02-checkout");
  await payWithCard(s.page, TEST_CARDS.ok);
  const confirmed = s.page.getByTestId("booking-confirmed");
  await expect(confirmed).toContainText("You're booked");
  await expect(confirmed).toContainText("Visa ending in 4242 is authorized for $4.50");
  await shot(s.page, "journey-03-booked");
  expect(cardRequests.length).toBeGreaterThan(0);
  expect(cardRequests.every((origin) => /^http:\/\/127\.0\.0\.1:\d+$/.test(origin))).toBe(true); // never our server

  const [lesson] = await sql<{ id: string; status: string; start: string }>(
    `SELECT id, status, to_char("scheduledStart", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS start FROM "Lesson" WHERE "studentId" = $1`,
    [student.id],
  );
  expect(lesson!.status).toBe("SCHEDULED");
  expect(lesson!.start).toBe(startIso);
  const [payment] = await sql<{ status: string; providerPaymentIntentId: string }>(
    `SELECT status, "providerPaymentIntentId" FROM "Payment" WHERE "lessonId" = $1`,
    [lesson!.id],
  );
  expect(payment!.status).toBe("AUTHORIZED");

  // Before the room opens: a countdown, and Join is disabled.
  await confirmed.getByRole("link", { name: "Go to the lesson page" }).click();
  await expect(s.page).toHaveURL(new RegExp(`/lessons/${lesson!.id}$`));
  await expect(s.page.getByTestId("countdown")).toBeVisible();
  await expect(s.page.getByRole("button", { name: "Join lesson" })).toBeDisabled();
  await expect(s.page.getByTestId("payment-state")).toHaveText("Card authorized — you'll be charged after the lesson");
  await shot(s.page, "journey-04-lesson-before-window");
  await t.page.goto(`/lessons/${lesson!.id}`);
  await expect(t.page.getByRole("heading", { name: "Lesson with Jon Journey" })).toBeVisible();

  // One minute after the start: both join; each sees the other within ~2 s (polling).
  const start = new Date(startIso);
  await advanceClocksTo(new Date(start.getTime() + MIN));
  await t.page.getByRole("button", { name: "Join lesson" }).click();
  await expect(t.page.getByText("You're in the room. The call starts when Jon Journey joins.")).toBeVisible();
  await expect(s.page.getByTestId("other-presence")).toHaveText("Tina Journey is in the room", { timeout: 3_000 });
  await s.page.getByRole("button", { name: "Join lesson" }).click();
  await expect(s.page.getByTestId("lesson-state")).toHaveText("In progress");
  await expect(t.page.getByTestId("lesson-state")).toHaveText("In progress", { timeout: 3_000 });
  await expect(t.page.getByTestId("other-presence")).toHaveText("Jon Journey is in the room");
  await expect(t.page.getByTestId("elapsed")).toBeVisible();
  await expect(s.page.getByTestId("connection-state")).toHaveText("Connected");
  await shot(s.page, "journey-05-student-in-call");
  await shot(t.page, "journey-05-tutor-in-call");

  // The tutor ends the call: a confirmation dialog (Escape closes it), then the end.
  await t.page.getByRole("button", { name: "End call" }).click();
  const dialog = t.page.getByRole("dialog", { name: "End the call for both of you?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Keep talking" })).toBeFocused();
  await t.page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await t.page.getByRole("button", { name: "End call" }).click();
  await shot(t.page, "journey-06-end-call-dialog");
  await dialog.getByRole("button", { name: "End call" }).click();
  await expect(t.page.getByTestId("lesson-state")).toHaveText("Ended early — settled after the scheduled end");
  // The student's page shows the same truth within ~2 s.
  await expect(s.page.getByTestId("lesson-state")).toHaveText("Ended early — settled after the scheduled end", { timeout: 3_000 });
  await expect(s.page.getByTestId("ended-notice")).toContainText("Tina Journey ended the call");
  await shot(s.page, "journey-07-student-sees-end");

  // The student navigates away: the page reports lesson.leave.
  await s.page.getByRole("link", { name: "← My lessons" }).click();
  await expect(s.page.getByRole("heading", { name: "My lessons" })).toBeVisible();
  await expect
    .poll(
      async () => (await sql<{ left: Date | null }>(`SELECT "studentLeftAt" AS left FROM "Lesson" WHERE id = $1`, [lesson!.id]))[0]!.left,
    )
    .not.toBeNull();
  expect((await sql<{ status: string }>(`SELECT status FROM "Lesson" WHERE id = $1`, [lesson!.id]))[0]!.status).toBe("ENDED_EARLY");

  // After the scheduled end + grace, the finalize cron settles it: completed and charged, once.
  await advanceClocksTo(new Date(start.getTime() + 41 * MIN));
  await runCron("finalize");
  const [settled] = await sql<{
    status: string;
    pstatus: string;
    amountCaptured: number;
    platformFee: number;
    tutorShare: number;
    pi: string;
  }>(
    `SELECT l.status, p.status AS pstatus, p."amountCaptured", p."platformFee", p."tutorShare", p."providerPaymentIntentId" AS pi
     FROM "Lesson" l JOIN "Payment" p ON p."lessonId" = l.id WHERE l.id = $1`,
    [lesson!.id],
  );
  expect(settled).toEqual({
    status: "COMPLETED",
    pstatus: "CAPTURED",
    amountCaptured: 450,
    platformFee: 90,
    tutorShare: 360,
    pi: payment!.providerPaymentIntentId,
  });

  await expect(t.page.getByTestId("lesson-state")).toHaveText("Completed — charged $4.50", { timeout: 3_000 });
  await expect(t.page.getByTestId("payment-state")).toHaveText("Student charged $4.50 — your share $3.60");
  await shot(t.page, "journey-08-tutor-completed");
  await s.page.reload();
  const item = s.page.getByTestId("lesson-item").filter({ hasText: "Tina Journey" });
  await expect(item.getByTestId("lesson-state")).toHaveText("Completed — charged $4.50");
  await expect(item.getByTestId("payment-state")).toHaveText("Charged $4.50");
  await shot(s.page, "journey-09-student-lessons");

  // The tutor's 80 % is pending (inside the 72 h report window).
  await t.page.goto("/tutor/earnings");
  await expect(t.page.getByTestId("balance-pending")).toHaveText("$3.60");
  await expect(t.page.getByTestId("earning-line").filter({ hasText: "Jon Journey" })).toContainText("Pending");
  await shot(t.page, "journey-10-tutor-earnings");

  // The database and the sandbox agree: one authorization, one capture.
  const counters = await stripeCounters();
  expect(counters.captures[payment!.providerPaymentIntentId]).toBe(1);
  expect(counters.authorizations[payment!.providerPaymentIntentId]).toBe(1);

  await s.context.close();
  await t.context.close();
});
