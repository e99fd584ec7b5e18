import { expect, test } from "@playwright/test";
import { E2E } from "./env";
import { bookedInBrowser, runCron, shot } from "./support";

interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  calendars: string[];
}

/** The local inbox the e2e server started (the mail catcher): messages to one address. */
async function inbox(email: string): Promise<CaughtMail[]> {
  const res = await fetch(`${E2E.inboxUrl}/api/messages`);
  return ((await res.json()) as CaughtMail[]).filter((m) => m.to.includes(email));
}

test("booking in the browser puts the confirmation, with its invite, in the local inbox and in the account page", async ({ browser }) => {
  const { student, tutor, s } = await bookedInBrowser(browser, {
    tutor: { name: "Nora Notify", timeZone: "Europe/Berlin" },
    student: { name: "Sam Inbox", timeZone: "America/New_York" },
  });
  // Sent after the response; the finalize tick is the guarantee if that is slow.
  await expect
    .poll(async () => {
      const mails = await inbox(student.email);
      if (mails.length === 0) await runCron("finalize");
      return mails.map((m) => m.subject);
    })
    .toEqual([expect.stringMatching(/^Booked: lesson with Nora Notify, /)]);
  const [confirmation] = await inbox(student.email);
  expect(confirmation!.text).toContain("Price: $");
  expect(confirmation!.text).toContain("(America/New_York)");
  expect(confirmation!.calendars[0]).toContain("METHOD:REQUEST");
  await expect
    .poll(async () => (await inbox(tutor.email)).map((m) => m.subject))
    .toEqual([expect.stringMatching(/^New booking: Sam Inbox, /)]);

  await s.page.goto("/account");
  const panel = s.page.getByTestId("notifications");
  await expect(panel.getByRole("link", { name: /^Booked: lesson with Nora Notify/ })).toBeVisible();
  await expect(panel.getByRole("heading", { name: "Notifications (1 unread)" })).toBeVisible();
  await panel.getByRole("button", { name: "Mark all read" }).click();
  await expect(panel.getByRole("heading", { name: "Notifications", exact: true })).toBeVisible();
  await shot(s.page, "account-notifications");
});
