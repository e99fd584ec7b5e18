import { expect, test } from "@playwright/test";
import { advanceClocks, advanceClocksTo, bookedInBrowser, runCron, shot, sql, stripeCounters } from "./support";

const MIN = 60_000;

test("the original incident through the UI: the tutor ends after a minute, the student closes the tab later — exactly one capture", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { s, t, startIso, lessonId } = await bookedInBrowser(browser, {
    tutor: { name: "Ida Incident", timeZone: "Asia/Tokyo" },
    student: { name: "Ned Incident", timeZone: "America/Los_Angeles" },
  });

  await advanceClocksTo(new Date(new Date(startIso).getTime() + 30_000));
  await s.page.goto(`/lessons/${lessonId}`);
  await t.page.goto(`/lessons/${lessonId}`);
  await t.page.getByRole("button", { name: "Join lesson" }).click();
  await s.page.getByRole("button", { name: "Join lesson" }).click();
  await expect(t.page.getByTestId("lesson-state")).toHaveText("In progress", { timeout: 3_000 });

  // One minute in, the tutor ends the call.
  await advanceClocks(MIN);
  await t.page.getByRole("button", { name: "End call" }).click();
  await t.page.getByRole("dialog").getByRole("button", { name: "End call" }).click();
  await expect(t.page.getByTestId("lesson-state")).toHaveText("Ended early — settled after the scheduled end");
  await expect(s.page.getByTestId("lesson-state")).toHaveText("Ended early — settled after the scheduled end", { timeout: 3_000 });
  await shot(s.page, "incident-01-student-page-after-tutor-ended");

  // Ten minutes later the student, who never looked, closes the tab: pagehide → lesson.leave, nothing else.
  await advanceClocks(10 * MIN);
  await s.page.close({ runBeforeUnload: true });
  await expect
    .poll(
      async () => (await sql<{ left: Date | null }>(`SELECT "studentLeftAt" AS left FROM "Lesson" WHERE id = $1`, [lessonId]))[0]!.left,
      { timeout: 5_000 },
    )
    .not.toBeNull();
  expect((await sql<{ status: string }>(`SELECT status FROM "Lesson" WHERE id = $1`, [lessonId]))[0]!.status).toBe("ENDED_EARLY");

  // Finalize (twice, as overlapping cron runs would) and the windowless sweep: one capture.
  await advanceClocksTo(new Date(new Date(startIso).getTime() + 45 * MIN));
  await runCron("finalize");
  await runCron("finalize");
  await runCron("sweep");
  const [p] = await sql<{ status: string; amountCaptured: number; platformFee: number; tutorShare: number; pi: string; lstatus: string }>(
    `SELECT p.status, p."amountCaptured", p."platformFee", p."tutorShare", p."providerPaymentIntentId" AS pi, l.status AS lstatus
     FROM "Payment" p JOIN "Lesson" l ON l.id = p."lessonId" WHERE l.id = $1`,
    [lessonId],
  );
  expect(p).toMatchObject({ lstatus: "COMPLETED", status: "CAPTURED", amountCaptured: 450, platformFee: 90, tutorShare: 360 });
  expect((await stripeCounters()).captures[p!.pi]).toBe(1);
  const actions = (
    await sql<{ action: string }>(`SELECT action FROM "AuditEvent" WHERE "lessonId" = $1 ORDER BY at, action`, [lessonId])
  ).map((a) => a.action);
  expect(actions.indexOf("lesson.left")).toBeGreaterThan(actions.indexOf("lesson.ended_early"));
  expect(actions.filter((a) => a === "payment.captured")).toHaveLength(1);

  // Both sides read the same truth afterwards.
  await expect(t.page.getByTestId("lesson-state")).toHaveText("Completed — charged $4.50", { timeout: 3_000 });
  const again = await s.context.newPage();
  await again.goto(`/lessons/${lessonId}`);
  await expect(again.getByTestId("lesson-state")).toHaveText("Completed — charged $4.50");
  await expect(again.getByTestId("payment-state")).toHaveText("Charged $4.50");
  await shot(again, "incident-02-student-completed");
  await shot(t.page, "incident-02-tutor-completed");
  await s.context.close();
  await t.context.close();
});
