import { expect, test } from "@playwright/test";
import {
  advanceClocksTo,
  bookedInBrowser,
  createTutor,
  createUser,
  gridSlotAfter,
  newSignedInPage,
  payWithCard,
  pickSlot,
  runCron,
  shot,
  sql,
  TEST_CARDS,
} from "./support";

const MIN = 60_000;
const HOUR = 60 * MIN;

async function paymentOf(studentId: string) {
  const [p] = await sql<{ lstatus: string; status: string; amountCaptured: number }>(
    `SELECT l.status AS lstatus, p.status, p."amountCaptured" FROM "Payment" p JOIN "Lesson" l ON l.id = p."lessonId" WHERE l."studentId" = $1`,
    [studentId],
  );
  return p;
}

test("cancelling 24 h or more ahead is free: the rule is shown first, the hold is released", async ({ browser }) => {
  const tutor = await createTutor({ name: "Cora Cancel", timeZone: "Europe/Madrid" });
  const student = await createUser({ role: "STUDENT", name: "Cal Cancel", timeZone: "America/New_York" });
  const s = await newSignedInPage(browser, student.email, "America/New_York");
  await s.page.goto(`/tutors/${tutor.id}`);
  await pickSlot(s.page, { startIso: await gridSlotAfter(48 * HOUR) });
  await payWithCard(s.page, TEST_CARDS.ok);
  await expect(s.page.getByTestId("booking-confirmed")).toBeVisible();

  await s.page.goto("/lessons");
  const item = s.page.getByTestId("lesson-item").filter({ hasText: "Cora Cancel" });
  await item.getByRole("button", { name: "Cancel lesson" }).click();
  const dialog = s.page.getByRole("dialog", { name: "Cancel this lesson?" });
  await expect(dialog.getByTestId("fee-rule")).toContainText("Free cancellation until");
  await expect(dialog.getByTestId("fee-rule")).toContainText("Cancelling now costs nothing");
  await shot(s.page, "cancel-01-free-rule");
  await dialog.getByLabel("Reason (optional)").fill("Plans changed");
  await dialog.getByRole("button", { name: "Cancel lesson" }).click();
  await expect(s.page.getByRole("status").filter({ hasText: "Lesson cancelled." })).toContainText("Nothing was charged");
  await expect.poll(async () => (await paymentOf(student.id))?.status).toBe("VOIDED");
  expect((await paymentOf(student.id))?.lstatus).toBe("CANCELLED");
  await s.page.reload();
  const past = s.page.getByRole("list", { name: "Past lessons" }).getByTestId("lesson-item").first();
  await expect(past.getByTestId("lesson-state")).toHaveText("Cancelled by you");
  await expect(past.getByTestId("payment-state")).toHaveText("Not charged — the hold on your card was released");
  await shot(s.page, "cancel-02-free-done");
  await s.context.close();
});

test("cancelling within 24 h shows the fee before confirming and charges half", async ({ browser }) => {
  const tutor = await createTutor({ name: "Fern Fee", timeZone: "Europe/Madrid" });
  const student = await createUser({ role: "STUDENT", name: "Flo Fee", timeZone: "Europe/Madrid" });
  const s = await newSignedInPage(browser, student.email, "Europe/Madrid");
  await s.page.goto(`/tutors/${tutor.id}`);
  await pickSlot(s.page);
  await payWithCard(s.page, TEST_CARDS.ok);
  await expect(s.page.getByTestId("booking-confirmed")).toBeVisible();

  await s.page.goto("/lessons");
  await s.page.getByTestId("lesson-item").filter({ hasText: "Fern Fee" }).getByRole("button", { name: "Cancel lesson" }).click();
  const dialog = s.page.getByRole("dialog", { name: "Cancel this lesson?" });
  await expect(dialog.getByTestId("fee-rule")).toContainText("Cancelling now costs $2.25");
  await expect(dialog.getByTestId("fee-rule")).toContainText("50 % of the $4.50 price");
  await shot(s.page, "cancel-03-fee-rule");
  // Escape backs out without cancelling.
  await s.page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect((await paymentOf(student.id))?.lstatus).toBe("SCHEDULED");
  await s.page.getByTestId("lesson-item").filter({ hasText: "Fern Fee" }).getByRole("button", { name: "Cancel lesson" }).click();
  await dialog.getByRole("button", { name: /^Cancel and pay/ }).click();
  await expect(s.page.getByRole("status").filter({ hasText: "Lesson cancelled." })).toContainText("late-cancellation fee");
  await expect.poll(async () => paymentOf(student.id)).toMatchObject({ lstatus: "CANCELLED", status: "CAPTURED", amountCaptured: 225 });
  // The list refreshes and the lesson moves to Past; what came of the cancellation stays on screen.
  await expect(s.page.getByRole("list", { name: "Past lessons" }).getByTestId("lesson-item").filter({ hasText: "Fern Fee" })).toBeVisible();
  await expect(s.page.getByRole("status").filter({ hasText: "Lesson cancelled." })).toContainText("Lesson with Fern Fee");
  await s.page.reload();
  await expect(s.page.getByRole("list", { name: "Past lessons" }).getByTestId("payment-state").first()).toContainText(
    "(late-cancellation fee)",
  );
  await shot(s.page, "cancel-04-fee-charged");
  await s.context.close();
});

test("a student reports a problem within the window; the tutor's earning is held", async ({ browser }) => {
  test.setTimeout(90_000);
  const { s, t, startIso, lessonId } = await bookedInBrowser(browser, {
    tutor: { name: "Rita Report", timeZone: "America/Denver" },
    student: { name: "Ray Report", timeZone: "America/Denver" },
  });
  const lesson = { id: lessonId };

  // Not before the lesson starts.
  await s.page.goto("/lessons");
  await expect(s.page.getByRole("button", { name: "Report a problem" })).toHaveCount(0);

  const start = new Date(startIso).getTime();
  await advanceClocksTo(new Date(start + MIN));
  await s.page.goto(`/lessons/${lesson!.id}`);
  await t.page.goto(`/lessons/${lesson!.id}`);
  await t.page.getByRole("button", { name: "Join lesson" }).click();
  await s.page.getByRole("button", { name: "Join lesson" }).click();
  await expect(s.page.getByTestId("lesson-state")).toHaveText("In progress");

  await s.page.getByRole("button", { name: "Report a problem" }).click();
  const dialog = s.page.getByRole("dialog", { name: "Report a problem with this lesson" });
  await dialog.getByLabel(/What happened/).fill("The tutor's microphone did not work for the whole lesson.");
  await shot(s.page, "report-01-dialog");
  await dialog.getByRole("button", { name: "Send report" }).click();
  await expect(s.page.getByRole("status").filter({ hasText: "Problem reported." })).toBeVisible();
  const [report] = await sql<{ status: string; reason: string }>(`SELECT status, reason FROM "ProblemReport" WHERE "lessonId" = $1`, [
    lesson!.id,
  ]);
  expect(report).toEqual({ status: "OPEN", reason: "The tutor's microphone did not work for the whole lesson." });

  // Once reported, the page says so and offers no second report (the server refuses one too:
  // see payouts.integration.test.ts).
  await expect(s.page.getByRole("status").filter({ hasText: "Problem reported — our team is looking at it" })).toBeVisible();
  await expect(s.page.getByRole("button", { name: "Report a problem" })).toHaveCount(0);
  await s.page.reload();
  await expect(s.page.getByRole("button", { name: "Report a problem" })).toHaveCount(0);

  // Settled at finalize; the tutor's share is on hold, not pending.
  await advanceClocksTo(new Date(start + 41 * MIN));
  await runCron("finalize");
  await t.page.goto("/tutor/earnings");
  await expect(t.page.getByTestId("balance-on-hold")).toHaveText("$3.60");
  await expect(t.page.getByTestId("balance-pending")).toHaveText("$0.00");
  await expect(t.page.getByTestId("earning-line").filter({ hasText: "Ray Report" })).toContainText(
    "On hold — the student reported a problem",
  );
  await shot(t.page, "report-02-tutor-earnings-on-hold");
  await s.context.close();
  await t.context.close();
});
