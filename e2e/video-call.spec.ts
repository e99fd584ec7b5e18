import { expect, test } from "@playwright/test";
import { bookViaApi, callPair, expectAudioFlowing, expectMediaStopped, expectVideoFlowing, rtc, type Side } from "./media";
import { advanceClocksTo, shot, signInAs, sql } from "./support";

// Two browser contexts with Chromium's fake camera and microphone (flags in playwright.config.ts), permissions
// granted: a real WebRTC call between them, signalled through our tRPC procedures.

async function joinBoth(tutor: Side, student: Side, lessonId: string, studentName: string) {
  await tutor.page.goto(`/lessons/${lessonId}`);
  await student.page.goto(`/lessons/${lessonId}`);
  await tutor.page.getByRole("button", { name: "Join lesson" }).click();
  await expect(tutor.page.getByTestId("connection-state")).toHaveText(`Waiting for ${studentName} to join the call`);
  await student.page.getByRole("button", { name: "Join lesson" }).click();
  for (const side of [tutor, student]) await expect(side.page.getByTestId("connection-state")).toHaveText("Connected", { timeout: 15_000 });
}

test("a video call: both see and hear each other, mute shows on the other side, a reload reconnects, End call stops the media on both", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { tutor, student } = await callPair(browser, { tutor: "Vera Video", student: "Walt Webcam" });
  const { lessonId, start } = await bookViaApi(student.page, tutor.user.id);
  await advanceClocksTo(new Date(start.getTime() + 30_000));

  // Before joining: the camera check (preview, level meter, device pickers) on the student's page.
  await student.page.goto(`/lessons/${lessonId}`);
  await student.page.getByRole("button", { name: "Check camera and microphone" }).click();
  await expect(student.page.getByTestId("local-video")).toBeVisible();
  await expect.poll(() => student.page.getByTestId("local-video").evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  await expect(student.page.getByLabel("Microphone level")).toBeVisible();
  await expect(student.page.getByLabel("Camera", { exact: true })).toBeVisible();
  await expect(student.page.getByLabel("Microphone", { exact: true })).toBeVisible();
  await shot(student.page, "video-01-pre-join-check");

  await joinBoth(tutor, student, lessonId, "Walt Webcam");

  // Video both ways (a size, and frames decoded growing), audio both ways.
  for (const side of [tutor, student]) {
    await expectVideoFlowing(side.page);
    await expectAudioFlowing(side.page);
  }
  await expect(student.page.getByTestId("call-quality")).toContainText(/Connection (good|fair|poor)/);
  await shot(student.page, "video-02-student-in-call");
  await shot(tutor.page, "video-02-tutor-in-call");

  // Mute and camera off show on the other side; the other's video comes back when the camera does.
  await student.page.getByRole("button", { name: "Mute microphone" }).click();
  await expect(tutor.page.getByTestId("remote-devices")).toHaveText("Walt Webcam's microphone is off.");
  await student.page.getByRole("button", { name: "Unmute microphone" }).click();
  await expect(tutor.page.getByTestId("remote-devices")).toHaveText("");
  await tutor.page.getByRole("button", { name: "Turn camera off" }).click();
  await expect(student.page.getByTestId("remote-devices")).toHaveText("Vera Video's camera is off.");
  await tutor.page.getByRole("button", { name: "Turn camera on" }).click();
  await expect(student.page.getByTestId("remote-devices")).toHaveText("");
  await expectVideoFlowing(student.page);

  // The tutor reloads: the call is back within 10 s, and the student does nothing.
  const reloadedAt = Date.now();
  await tutor.page.reload();
  for (const side of [tutor, student]) await expect(side.page.getByTestId("connection-state")).toHaveText("Connected", { timeout: 10_000 });
  const connectedMs = Date.now() - reloadedAt;
  await Promise.all([expectVideoFlowing(student.page), expectVideoFlowing(tutor.page)]);
  const backMs = Date.now() - reloadedAt;
  console.log(`after the tutor's reload: connected in ${connectedMs} ms, video flowing both ways in ${backMs} ms`);
  expect(backMs).toBeLessThan(10_000);

  // The student ends the call: media stops on both pages, and both show the lesson ended early.
  await student.page.getByRole("button", { name: "End call" }).click();
  await student.page.getByRole("dialog").getByRole("button", { name: "End call" }).click();
  for (const side of [student, tutor]) {
    await expect(side.page.getByTestId("lesson-state")).toHaveText("Ended early — settled after the scheduled end", { timeout: 5_000 });
    await expect(side.page.getByTestId("connection-state")).toHaveText("Call ended");
    await expectMediaStopped(side.page);
  }
  await shot(tutor.page, "video-03-tutor-after-student-ended");

  // The media evidence: spans for both, shown on the admin's lesson page.
  const spans = await sql<{ participant: string }>(`SELECT participant FROM "CallMediaInterval" WHERE "lessonId" = $1`, [lessonId]);
  expect(new Set(spans.map((s) => s.participant))).toEqual(new Set(["STUDENT", "TUTOR"]));
  const admin = await browser.newContext({ timezoneId: "UTC", locale: "en-US" });
  const adminPage = await admin.newPage();
  await signInAs(adminPage, "admin@demo.test");
  await adminPage.goto(`/admin/lessons/${lessonId}`);
  await expect(adminPage.getByTestId("media-both")).toContainText(/^Both connected \d+ (min|s)/);
  await expect(adminPage.getByTestId("media-spans")).toContainText("Walt Webcam");
  await shot(adminPage, "video-04-admin-media-evidence");
  await admin.close();

  // A second lesson, ended by the tutor: the same on both sides.
  const second = await bookViaApi(student.page, tutor.user.id, 2 * 60 * 60_000);
  await advanceClocksTo(new Date(second.start.getTime() + 30_000));
  await joinBoth(tutor, student, second.lessonId, "Walt Webcam");
  await expectVideoFlowing(student.page);
  await tutor.page.getByRole("button", { name: "End call" }).click();
  await tutor.page.getByRole("dialog").getByRole("button", { name: "End call" }).click();
  for (const side of [tutor, student]) {
    await expect(side.page.getByTestId("lesson-state")).toHaveText("Ended early — settled after the scheduled end", { timeout: 5_000 });
    await expectMediaStopped(side.page);
  }
  expect((await rtc(student.page)).openConnections).toBe(0);

  await tutor.context.close();
  await student.context.close();
});
