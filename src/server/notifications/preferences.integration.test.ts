// Preferences and unsubscribe: a reminder can be turned off (by the account page's switch or the email's one-click
// link, without signing in), a receipt cannot; the in-app list holds the same events with read/unread; CRITICAL alerts
// reach the admins' email and the Slack-compatible webhook as one grouped message per digest window.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { finalizeTick } from "~/server/jobs/cron-ticks";
import { unsubscribePage, unsubscribePost } from "~/server/notifications/unsubscribe-http";
import { sendDueNotifications } from "~/server/notifications/worker";
import type { MailCatcher } from "~/sandbox/mail-catcher";
import { startWebhookReceiver, type WebhookReceiver } from "~/sandbox/webhook-receiver";
import { type Harness, HOUR, MIN, startHarness } from "~/test/lifecycle-harness";
import { act, makeAdmin } from "~/test/lifecycle-helpers";
import { startMail } from "~/test/mail";
import { trpcCaller, trpcCode } from "~/test/trpc-caller";

let h: Harness;
let catcher: MailCatcher;
let slack: WebhookReceiver;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T08:00:00Z" });
  slack = await startWebhookReceiver("/slack");
  const mail = await startMail({ slackWebhookUrl: slack.url });
  catcher = mail.catcher;
  h.services.notify = mail.notify;
});
afterAll(async () => {
  await catcher.close();
  await slack.close();
  await h.close();
});
beforeEach(() => catcher.clear());

const send = () => sendDueNotifications(h.services, { workerId: "test" });

describe("preferences and unsubscribe", () => {
  it("a reminder goes at its policy time, carries RFC 8058 headers, and its one-click link turns reminders off without signing in", async () => {
    const student = await h.student();
    await h.book(student, await h.tutor(), 3 * HOUR);
    await send();
    expect(catcher.messages.some((m) => m.subject.startsWith("Reminder"))).toBe(false);
    await h.advance(2 * HOUR); // start − 1 h
    await send();
    const reminder = catcher.messages.find((m) => m.subject.startsWith("Reminder"))!;
    expect(reminder.to).toEqual([student.email]);
    expect(reminder.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    const link = /<([^>]+)>/.exec(reminder.headers["list-unsubscribe"]!)![1]!;
    expect(reminder.html).toContain(link.replace(/&/g, "&amp;"));

    // GET shows a page and changes nothing (mail scanners follow links).
    const page = unsubscribePage(h.services, new URL(link));
    expect(page.status).toBe(200);
    expect(await h.t.db.notificationOptOut.count({ where: { userId: student.id } })).toBe(0);
    // The mail client's one-click POST.
    const res = await unsubscribePost(
      h.services,
      new Request(link, { method: "POST", body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }) }),
    );
    expect(res.status).toBe(200);
    expect(await trpcCaller(h.services, student).notification.preferences()).toEqual([
      { category: "reminders", enabled: false },
      { category: "marketing", enabled: true },
    ]);
    // A tampered token is refused.
    const forged = link.replace(/token=([^.]+)\./, "token=$1x.");
    expect((await unsubscribePost(h.services, new Request(forged, { method: "POST" }))).status).toBe(400);
  });

  it("drops a reminder that could not go before the lesson's start (worker down, the demo clock moved past it)", async () => {
    const student = await h.student();
    const lessonId = await h.book(student, await h.tutor(), 3 * HOUR);
    await send();
    await h.advance(3 * HOUR + MIN); // past the start, the lesson still SCHEDULED: nobody joined yet
    await send();
    expect(catcher.messages.some((m) => m.subject.startsWith("Reminder"))).toBe(false);
    const reminder = await h.t.db.notification.findFirstOrThrow({ where: { lessonId, kind: "lesson_reminder", channel: "EMAIL" } });
    expect([reminder.state, reminder.lastError]).toEqual(["SKIPPED", "the lesson has already started"]);
  });

  it("every email's footer links to its category's signed page: one-click unsubscribe for a reminder, why-always for a receipt", async () => {
    const student = await h.student();
    const tutor = await h.tutor();
    const lessonId = await h.book(student, tutor, 3 * HOUR);
    await send();
    await h.advance(2 * HOUR); // the reminder's time
    await send();
    await act(h.services, tutor, lessonId, "CANCEL"); // the receipt that nothing was charged
    await send();
    const mails = catcher.messages.filter((m) => m.to.includes(student.email));
    const footerLink = (html: string) =>
      /href="([^"]*\/api\/notifications\/unsubscribe\?token=[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");

    // Optional: the reminder carries the RFC 8058 headers, and its footer link is the same URL.
    const reminder = mails.find((m) => m.subject.startsWith("Reminder"))!;
    const unsubscribe = /<([^>]+)>/.exec(reminder.headers["list-unsubscribe"]!)![1]!;
    expect(reminder.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(footerLink(reminder.html)).toBe(unsubscribe);
    expect(reminder.text).toContain(`Unsubscribe from these messages ${unsubscribe}`);
    expect(reminder.text).not.toContain("Why you always get these messages");

    // Transactional: the receipt and the booking confirmation have no List-Unsubscribe headers, and a footer link to
    // a signed page that says why they cannot be turned off and links to the account page.
    const receipt = mails.find((m) => m.subject.startsWith("Nothing was charged"))!;
    const booked = mails.find((m) => m.subject.startsWith("Booked"))!;
    for (const m of [receipt, booked]) {
      expect(m.headers["list-unsubscribe"]).toBeUndefined();
      expect(m.headers["list-unsubscribe-post"]).toBeUndefined();
      expect(m.text).not.toContain("Unsubscribe from these messages");
      expect(m.text).toMatch(/Why you always get these messages http:\/\/app\.test\/api\/notifications\/unsubscribe\?token=/);
    }
    const why = footerLink(receipt.html)!;
    expect(receipt.text).toContain(`Why you always get these messages ${why}`);
    expect(footerLink(booked.html)).not.toBe(why); // one link per category (lessons ≠ receipts)
    const whyPage = unsubscribePage(h.services, new URL(why));
    expect(whyPage.status).toBe(200);
    const html = await whyPage.text();
    expect(html).toContain("These messages cannot be turned off");
    expect(html).toContain("You always get receipts and refunds. They are the record of what you were charged or refunded");
    expect(html).toContain('href="http://app.test/account"');
    expect(html).not.toContain("<form");
    // Its token turns nothing off, not even by a one-click POST, and a tampered one is refused.
    const post = await unsubscribePost(
      h.services,
      new Request(why, { method: "POST", body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }) }),
    );
    expect(post.status).toBe(400);
    expect(await post.text()).toContain("nothing was changed");
    expect(await h.t.db.notificationOptOut.count({ where: { userId: student.id } })).toBe(0);
    expect(unsubscribePage(h.services, new URL(why.replace(/token=([^.]+)\./, "token=$1x."))).status).toBe(400);
  });

  it("skips reminders for a person who turned them off, but the receipt still goes", async () => {
    const student = await h.student();
    await trpcCaller(h.services, student).notification.setPreference({ category: "reminders", enabled: false });
    expect(
      await trpcCode(trpcCaller(h.services, student).notification.setPreference({ category: "receipts" as "reminders", enabled: false })),
    ).toBe("BAD_REQUEST");
    const { lessonId } = await h.playedLesson({ student, startsInMs: 2 * HOUR });
    await finalizeTick(h.services, {});
    const rows = await h.t.db.notification.findMany({
      where: { lessonId, userId: student.id, channel: "EMAIL" },
      orderBy: { kind: "asc" },
    });
    expect(rows.map((r) => [r.kind, r.state])).toEqual([
      ["booking_confirmed", "SENT"],
      ["lesson_receipt", "SENT"],
      ["lesson_reminder", "SKIPPED"],
    ]);
    expect(
      catcher.messages
        .filter((m) => m.to.includes(student.email))
        .map((m) => m.subject.split(":")[0])
        .sort(),
    ).toEqual(["Booked", "Receipt"]);
  });
});

describe("in-app notifications", () => {
  it("lists the same events for the viewer, unread first, and newest first, and marks them read; nobody else's", async () => {
    const student = await h.student();
    const tutor = await h.tutor();
    const lessonId = await h.book(student, tutor, 3 * HOUR);
    await act(h.services, tutor, lessonId, "CANCEL");
    const caller = trpcCaller(h.services, student);
    const list = await caller.notification.list();
    // booked, cancelled by the tutor, and the hold released (the receipt that nothing was charged)
    expect(list.unread).toBe(3);
    expect(list.entries.map((e) => e.kind).sort()).toEqual(["booking_confirmed", "lesson_cancelled", "lesson_receipt"]);
    expect(list.entries.find((e) => e.kind === "lesson_cancelled")!.body).toContain("The tutor cancelled it.");
    expect(list.entries.find((e) => e.kind === "lesson_cancelled")!.url).toBe(`/lessons/${lessonId}`);
    // The reminder entry is not there before its time.
    expect(list.entries.some((e) => e.kind === "lesson_reminder")).toBe(false);

    // Someone else cannot mark them.
    await trpcCaller(h.services, tutor).notification.markRead({ ids: list.entries.map((e) => e.id) });
    expect((await caller.notification.list()).unread).toBe(3);
    await caller.notification.markRead({ ids: [list.entries[0]!.id] });
    const after = await caller.notification.list();
    expect(after.unread).toBe(2);
    expect(after.entries.find((e) => e.id === list.entries[0]!.id)!.read).toBe(true);
    await caller.notification.markRead({ ids: "all" });
    expect((await caller.notification.list()).unread).toBe(0);
    expect(await trpcCode(trpcCaller(h.services, null).notification.list())).toBe("UNAUTHORIZED");
  });
});

describe("CRITICAL alerts pushed", () => {
  async function critical(n: number) {
    await h.t.db.$transaction(async (tx) => {
      for (let i = 0; i < n; i++) {
        await raiseAlertOnce(
          tx,
          {
            type: "CAPTURE_DEADLINE_NEAR",
            severity: "CRITICAL",
            subjectType: "OPERATION",
            subjectId: `op-${Math.random()}`,
            message: `hold ${i} lapses soon`,
          },
          h.services.now(),
        );
      }
    });
  }

  it("a burst is one webhook post and one email per admin; the next alerts wait for the digest window", async () => {
    const admin = await makeAdmin(h);
    slack.received.length = 0;
    await critical(5);
    await send();
    expect(slack.received).toHaveLength(1);
    const text = (JSON.parse(slack.received[0]!.body) as { text: string }).text;
    expect(text).toContain("CRITICAL: 5 alerts");
    expect(text.match(/hold \d lapses soon/g)).toHaveLength(5);
    const adminMails = catcher.messages.filter((m) => m.to.includes(admin.email));
    expect(adminMails.map((m) => m.subject)).toEqual(["CRITICAL: 5 alerts"]);

    await critical(2);
    await send();
    expect(slack.received).toHaveLength(1); // within the window: waiting
    await h.advance(h.services.policy.notifications.alertDigestWindowMs + MIN);
    await send();
    expect(slack.received).toHaveLength(2);
    expect((JSON.parse(slack.received[1]!.body) as { text: string }).text).toContain("CRITICAL: 2 alerts");
    expect(catcher.messages.filter((m) => m.to.includes(admin.email))).toHaveLength(2);
  });
});
