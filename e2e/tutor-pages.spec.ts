import { expect, test } from "@playwright/test";
import { createTutor, createUser, newSignedInPage, payWithCard, pickSlot, shot, TEST_CARDS } from "./support";

test("a tutor sets weekly hours in Berlin time; a student in Tokyo sees them in Tokyo time", async ({ browser }) => {
  const tutor = await createTutor({ name: "Wanda Week", timeZone: "Europe/Berlin", allDay: false });
  const student = await createUser({ role: "STUDENT", name: "Kenji Week", timeZone: "Asia/Tokyo" });
  const t = await newSignedInPage(browser, tutor.email, "Europe/Berlin");

  await t.page.goto("/tutor");
  await expect(t.page.getByText("Students can't book you yet")).toBeVisible();
  await shot(t.page, "tutor-01-dashboard-empty");
  await t.page.getByRole("link", { name: "Set your weekly availability" }).click();
  await expect(t.page.getByRole("heading", { name: "Weekly availability" })).toBeVisible();
  await expect(t.page.getByText("your time zone, Europe/Berlin")).toBeVisible();

  // Monday 09:00–10:00; a mistake first (overlap) is explained, not saved.
  const monday = t.page.getByTestId("day-1");
  await monday.getByRole("button", { name: "Add hours on Monday" }).click();
  await monday.getByLabel("To").selectOption({ label: "10:00" });
  await monday.getByRole("button", { name: "Add hours on Monday" }).click();
  await monday.getByLabel("From").nth(1).selectOption({ label: "09:30" });
  await t.page.getByRole("button", { name: "Save weekly hours" }).click();
  await expect(t.page.getByRole("alert").filter({ hasText: "overlap" })).toContainText("Monday: 09:00–10:00 and 09:30–");
  await shot(t.page, "tutor-02-availability-overlap");
  await monday.getByRole("button", { name: /^Remove Monday 09:30/ }).click();
  await t.page.getByRole("button", { name: "Save weekly hours" }).click();
  await expect(t.page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await t.page.reload();
  await expect(monday.getByLabel("From")).toHaveValue(String(9 * 60));
  await expect(monday.getByLabel("To")).toHaveValue(String(10 * 60));
  await shot(t.page, "tutor-03-availability-saved");

  // 09:00 in Berlin (UTC+1 in winter) is 17:00 in Tokyo (UTC+9); the dates are Mondays in Tokyo too.
  const s = await newSignedInPage(browser, student.email, "Asia/Tokyo");
  await s.page.goto(`/tutors/${tutor.id}`);
  const dayChoices = s.page.locator("label.choice", { has: s.page.locator('input[name="day"]') });
  await expect(dayChoices.first()).toBeVisible();
  for (const label of await dayChoices.allInnerTexts()) expect(label).toMatch(/^Mon/);
  const times = await s.page.locator("label.choice", { has: s.page.locator('input[name="slot"]') }).allInnerTexts();
  expect(times.map((x) => x.replace(/\s/g, " "))).toEqual(["5:00 PM", "5:30 PM"]);
  await shot(s.page, "tutor-04-student-sees-tokyo-times");

  // The student books; the tutor's dashboard lists it.
  await pickSlot(s.page);
  await payWithCard(s.page, TEST_CARDS.ok);
  await expect(s.page.getByTestId("booking-confirmed")).toBeVisible();
  await t.page.goto("/tutor");
  await expect(t.page.getByTestId("tutor-lesson").filter({ hasText: "Kenji Week" })).toContainText("Mon");
  await expect(t.page.getByTestId("tutor-lesson").filter({ hasText: "Kenji Week" })).toContainText("9:00 AM");
  await shot(t.page, "tutor-05-dashboard-with-lesson");
  await s.context.close();
  await t.context.close();
});

test("payout settings: Stripe onboarding through the sandbox, a PayPal email, and an honest payout request", async ({ browser }) => {
  const tutor = await createTutor({ name: "Pia Payout", timeZone: "Europe/Berlin" });
  const t = await newSignedInPage(browser, tutor.email, "Europe/Berlin");
  await t.page.goto("/tutor/payouts");
  await expect(t.page.getByTestId("payout-method")).toContainText("No payout method yet");
  await expect(t.page.getByText("No payouts yet.")).toBeVisible();
  await shot(t.page, "payouts-01-empty");

  await t.page.getByRole("button", { name: "Request payout" }).click();
  await expect(t.page.getByRole("status").filter({ hasText: "Choose how you want to be paid" })).toBeVisible();

  await t.page.getByLabel("PayPal email").fill("pia@paid.test");
  await t.page.getByLabel(/Current password/).fill("demo-password");
  await t.page.getByRole("button", { name: "Use PayPal for payouts" }).click();
  await expect(t.page.getByTestId("payout-method")).toContainText("PayPal (pia@paid.test) — ready.");
  await t.page.getByRole("button", { name: "Request payout" }).click();
  await expect(t.page.getByRole("status").filter({ hasText: "Nothing is available to pay out yet." })).toBeVisible();

  // Stripe's hosted onboarding is played by the sandbox and comes back here.
  await t.page.getByRole("button", { name: "Set up Stripe payouts" }).click();
  await expect(t.page).toHaveURL(/\/tutor\/payouts\?onboarding=done$/);
  await expect(t.page.getByText("Stripe payouts are enabled.")).toBeVisible();
  // onboarding alone does not move payouts away from PayPal: choosing Stripe is a destination change (password, cool-off)
  await expect(t.page.getByTestId("payout-method")).toContainText("PayPal (pia@paid.test)");
  await t.page.getByLabel(/Current password/).fill("demo-password");
  await t.page.getByRole("button", { name: "Use Stripe for payouts" }).click();
  await expect(t.page.getByTestId("payout-method")).toContainText("Payouts go to your Stripe account — ready.");
  await expect(t.page.getByTestId("payout-cool-off")).toContainText("no payout is made before");
  await shot(t.page, "payouts-02-stripe-ready");

  await t.page.goto("/tutor/earnings");
  await expect(t.page.getByTestId("balance-available")).toHaveText("$0.00");
  await expect(t.page.getByText("No earnings yet.")).toBeVisible();
  await shot(t.page, "earnings-01-empty");
  await t.context.close();
});
