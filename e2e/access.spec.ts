import { expect, test } from "@playwright/test";
import { createTutor, createUser, newSignedInPage, shot, sql } from "./support";

/** A lesson row of another student's (no payment needed to test who may see it). */
async function someoneElsesLesson(tutorId: string, studentId: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `INSERT INTO "Lesson" (id, "studentId", "tutorId", status, "scheduledStart", "scheduledEnd", "durationMinutes", "priceAmount", currency, "updatedAt")
     VALUES (gen_random_uuid()::text, $1, $2, 'SCHEDULED', now() + interval '3 days', now() + interval '3 days 25 minutes', 25, 450, 'USD', now())
     RETURNING id`,
    [studentId, tutorId],
  );
  return row!.id;
}

test("a student cannot open another student's lesson, nor any tutor or admin page", async ({ browser }) => {
  const tutor = await createTutor({ name: "Gina Guard", timeZone: "UTC" });
  const owner = await createUser({ role: "STUDENT", name: "Olive Owner", timeZone: "UTC" });
  const other = await createUser({ role: "STUDENT", name: "Ollie Other", timeZone: "UTC" });
  const lessonId = await someoneElsesLesson(tutor.id, owner.id);

  const o = await newSignedInPage(browser, owner.email);
  await o.page.goto(`/lessons/${lessonId}`);
  await expect(o.page.getByRole("heading", { name: "Lesson with Gina Guard" })).toBeVisible();

  const x = await newSignedInPage(browser, other.email);
  const res = await x.page.goto(`/lessons/${lessonId}`);
  expect(res?.status()).toBe(404);
  await expect(x.page.getByRole("heading", { name: "Lesson not found" })).toBeVisible();
  await shot(x.page, "access-01-other-students-lesson");
  // The API answers the same as for a lesson that does not exist.
  const api = await x.page.request.get(`/api/trpc/lesson.get?input=${encodeURIComponent(JSON.stringify({ json: { lessonId } }))}`);
  expect(api.status()).toBe(404);
  const leave = await x.page.request.post("/api/trpc/lesson.leave", { data: { json: { lessonId } } });
  expect(leave.status()).toBe(404);

  for (const path of ["/tutor", "/tutor/availability", "/tutor/earnings", "/tutor/payouts", "/admin", "/admin/lessons", "/admin/payouts"]) {
    await x.page.goto(path);
    await expect(x.page).toHaveURL(/\/\?denied=/);
    await expect(x.page.locator("#main").getByRole("alert")).toContainText("That page is not available to your account");
    if (path === "/tutor/earnings") await shot(x.page, "access-02-tutor-page-denied");
  }
  // Tutor-only procedures refuse students, whatever the page does.
  expect((await x.page.request.get("/api/trpc/earnings.summary")).status()).toBe(403);
  expect((await x.page.request.get("/api/trpc/availability.mine")).status()).toBe(403);

  // A tutor cannot open a lesson that is not theirs either.
  const otherTutor = await createTutor({ name: "Hal Other", timeZone: "UTC" });
  const ot = await newSignedInPage(browser, otherTutor.email);
  expect((await ot.page.goto(`/lessons/${lessonId}`))?.status()).toBe(404);
  await o.context.close();
  await x.context.close();
  await ot.context.close();
});

test("a signed-out visitor is sent to sign-in, and back to the page afterwards", async ({ page }) => {
  for (const path of [
    "/lessons",
    "/tutors",
    "/tutor",
    "/tutor/earnings",
    "/tutor/payouts",
    "/tutor/availability",
    "/lessons/00000000-0000-4000-8000-000000000000",
  ]) {
    await page.goto(path);
    await expect(page).toHaveURL(`/sign-in?next=${encodeURIComponent(path)}`);
  }
  await page.getByLabel("Email").fill("student@demo.test");
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/lessons\/00000000-0000-4000-8000-000000000000$/);
  await expect(page.getByRole("heading", { name: "Lesson not found" })).toBeVisible();
});
