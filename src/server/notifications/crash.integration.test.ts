// The worker is killed between the SMTP server's "250 accepted" and recording the message as sent. After
// stuckSendingMs its claim is handed back; the retry asks the server about the recorded Message-ID and records the
// message as sent instead of sending it again. Without a server that can be asked, the retry re-sends with the same
// Message-ID (docs/adr/0007-notifications-outbox.md says why).
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendDueNotifications } from "~/server/notifications/worker";
import type { MailCatcher } from "~/sandbox/mail-catcher";
import { type Harness, MIN, startHarness } from "~/test/lifecycle-harness";
import { startMail } from "~/test/mail";

let h: Harness;
let catcher: MailCatcher;
let smtpUrl: string;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T08:00:00Z" });
  const mail = await startMail();
  ({ catcher, smtpUrl } = mail);
  h.services.notify = mail.notify;
});
afterAll(async () => {
  await catcher.close();
  await h.close();
});

const ROOT = path.resolve(__dirname, "../../..");

function doomedWorker(notificationId: string): Promise<{ sent: string | null; killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--import", "./src/test/server-only-hook.mjs", "src/test/crash-notifier.ts"],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: h.t.url,
          SMTP_URL: smtpUrl,
          APP_NOW: h.services.now().toISOString(),
          NOTIFICATION_ID: notificationId,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const line = out.trim().split("\n").filter(Boolean).pop();
      resolve({
        sent: line ? (JSON.parse(line) as { sent: string | null }).sent : null,
        killed: signal === "SIGKILL" || code === 137,
        stderr,
      });
    });
  });
}

async function oneBookedMessage() {
  const lessonId = await h.book(await h.student(), await h.tutor(), 30 * MIN);
  return h.t.db.notification.findFirstOrThrow({ where: { lessonId, kind: "booking_confirmed", channel: "EMAIL" } });
}

describe("notification worker killed between the send and recording it", () => {
  it("records the accepted message as sent, once, after the claim times out", async () => {
    const row = await oneBookedMessage();
    const crash = await doomedWorker(row.id);
    expect(crash.stderr).not.toContain("crash-notifier failed");
    expect(crash.killed).toBe(true);
    expect(crash.sent).toBe(`<${row.id}@lessonpay.test>`);
    expect(catcher.acceptedCount.get(crash.sent!)).toBe(1);
    expect((await h.t.db.notification.findUniqueOrThrow({ where: { id: row.id } })).state).toBe("SENDING");

    // Within stuckSendingMs the claim may still be a slow, living worker's: left alone.
    await h.advance(h.services.policy.notifications.stuckSendingMs - 1_000);
    const early = await sendDueNotifications(h.services, { onlyIds: [row.id] });
    expect(early).toMatchObject({ recovered: 0, sent: 0, alreadyAccepted: 0 });

    await h.advance(2_000);
    const report = await sendDueNotifications(h.services, { onlyIds: [row.id] });
    expect(report).toMatchObject({ recovered: 1, alreadyAccepted: 1, sent: 0 });
    const after = await h.t.db.notification.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.state).toBe("SENT");
    expect(after.attempts).toBe(2);
    expect(catcher.acceptedCount.get(crash.sent!)).toBe(1);
  });

  it("without a server that can be asked, re-sends with the same Message-ID", async () => {
    const { smtpMailer } = await import("~/server/notifications/mailer");
    const asking = h.services.notify;
    h.services.notify = { ...asking!, mailer: smtpMailer(smtpUrl) };
    try {
      const row = await oneBookedMessage();
      const crash = await doomedWorker(row.id);
      expect(crash.killed).toBe(true);
      await h.advance(h.services.policy.notifications.stuckSendingMs + 1_000);
      expect((await sendDueNotifications(h.services, { onlyIds: [row.id] })).sent).toBe(1);
      expect(catcher.acceptedCount.get(`<${row.id}@lessonpay.test>`)).toBe(2);
    } finally {
      h.services.notify = asking;
    }
  });
});
