import { expect, test } from "@playwright/test";
import { bookViaApi, callPair, expectMediaStopped, expectVideoFlowing } from "./media";
import { CHROMIUM_ARGS } from "./env";
import { advanceClocksTo, shot, sql } from "./support";

// Without --use-fake-ui-for-media-stream the browser answers permission requests from the context's grants: the
// student's context grants the microphone only, so the camera is denied as if the person had clicked "Block".
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS.filter((a) => a !== "--use-fake-ui-for-media-stream"),
  },
});

test("camera blocked: the student is told how to allow it, and can still join, hear, end the call and leave", async ({ browser }) => {
  test.setTimeout(90_000);
  const { tutor, student } = await callPair(
    browser,
    { tutor: "Bea Blocked", student: "Carl Camera" },
    { studentPermissions: ["microphone"] },
  );
  const { lessonId, start } = await bookViaApi(student.page, tutor.user.id);
  await advanceClocksTo(new Date(start.getTime() + 30_000));

  await student.page.goto(`/lessons/${lessonId}`);
  await student.page.getByRole("button", { name: "Check camera and microphone" }).click();
  const problem = student.page.getByTestId("device-problem");
  await expect(problem).toContainText("Your browser is blocking the camera for this site, so Bea Blocked can hear you but not see you.");
  await expect(problem).toContainText("click the padlock (or the camera icon) at the left of the address bar, set it to Allow");
  await expect(problem.getByRole("button", { name: "Try again" })).toBeVisible();
  await expect(student.page.getByRole("button", { name: "Turn camera off" })).toBeDisabled();
  await shot(student.page, "video-blocked-01-camera-denied");

  await tutor.page.goto(`/lessons/${lessonId}`);
  await tutor.page.getByRole("button", { name: "Join lesson" }).click();
  await student.page.getByRole("button", { name: "Join lesson" }).click();
  await expect(student.page.getByTestId("lesson-state")).toHaveText("In progress");
  // The call still connects: the student sees the tutor; the tutor is told why there is no picture.
  for (const side of [tutor, student]) await expect(side.page.getByTestId("connection-state")).toHaveText("Connected", { timeout: 15_000 });
  await expectVideoFlowing(student.page);
  await expect(tutor.page.getByTestId("remote-devices")).toHaveText("Carl Camera's camera is blocked in their browser.");
  await shot(tutor.page, "video-blocked-02-tutor-sees-why");

  await student.page.getByRole("button", { name: "End call" }).click();
  await student.page.getByRole("dialog").getByRole("button", { name: "End call" }).click();
  for (const side of [student, tutor]) {
    await expect(side.page.getByTestId("lesson-state")).toHaveText("Ended early — settled after the scheduled end", { timeout: 5_000 });
    await expectMediaStopped(side.page);
  }
  await student.page.getByRole("link", { name: "← My lessons" }).click();
  await expect(student.page.getByRole("heading", { name: "My lessons" })).toBeVisible();
  await expect
    .poll(async () => (await sql<{ left: Date | null }>(`SELECT "studentLeftAt" AS left FROM "Lesson" WHERE id = $1`, [lessonId]))[0]!.left)
    .not.toBeNull();
  await tutor.context.close();
  await student.context.close();
});
