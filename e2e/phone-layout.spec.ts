import { type Page, expect, test } from "@playwright/test";
import { createTutor, createUser, payWithCard, pickSlot, shot, signInAs, TEST_CARDS } from "./support";

const PHONE = { width: 390, height: 844 };

/** Nothing wider than the screen: the page never needs sideways scrolling. */
async function expectFitsScreen(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("on a phone-sized screen the student's and tutor's pages hold their layout", async ({ browser }) => {
  const tutor = await createTutor({ name: "Pam Phone", timeZone: "Europe/Rome" });
  const student = await createUser({ role: "STUDENT", name: "Pete Phone", timeZone: "America/New_York" });

  const sc = await browser.newContext({ viewport: PHONE, timezoneId: "America/New_York", locale: "en-US", isMobile: true, hasTouch: true });
  const s = await sc.newPage();
  await signInAs(s, student.email);
  await s.goto("/tutors");
  await expect(s.getByTestId("tutor-card").first()).toBeVisible();
  await expectFitsScreen(s);
  await shot(s, "phone-01-tutors");
  await s.goto(`/tutors/${tutor.id}`);
  await pickSlot(s);
  await expectFitsScreen(s);
  await shot(s, "phone-02-checkout");
  await payWithCard(s, TEST_CARDS.ok);
  await expect(s.getByTestId("booking-confirmed")).toBeVisible();
  await s.getByRole("link", { name: "Go to the lesson page" }).click();
  await expect(s.getByTestId("lesson-room")).toBeVisible();
  await expectFitsScreen(s);
  await shot(s, "phone-03-lesson-page");
  await s.goto("/lessons");
  await expect(s.getByTestId("lesson-item").first()).toBeVisible();
  await expectFitsScreen(s);
  await shot(s, "phone-04-my-lessons");

  const tc = await browser.newContext({ viewport: PHONE, timezoneId: "Europe/Rome", locale: "it-IT", isMobile: true, hasTouch: true });
  const t = await tc.newPage();
  await signInAs(t, tutor.email);
  for (const [path, name] of [
    ["/tutor", "phone-05-tutor-dashboard"],
    ["/tutor/availability", "phone-06-availability"],
    ["/tutor/earnings", "phone-07-earnings"],
    ["/tutor/payouts", "phone-08-payouts"],
  ] as const) {
    await t.goto(path);
    await expect(t.locator("h1")).toBeVisible();
    await expect(t.locator('[aria-busy="true"]')).toHaveCount(0);
    await expectFitsScreen(t);
    await shot(t, name);
  }
  // The lesson booked on the phone is on the tutor's dashboard.
  await t.goto("/tutor");
  await expect(t.getByTestId("tutor-lesson").first()).toContainText("Pete Phone");
  await sc.close();
  await tc.close();
});
