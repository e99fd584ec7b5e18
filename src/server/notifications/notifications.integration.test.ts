// Messages through a real SMTP server (the mail catcher, smtp-server + mailparser): what each says and to whom, the
// calendar invite across a daylight-saving change, and exactly-once under a refused message and a connection that
// drops after the server accepted. Lessons go through the real lifecycle and the Stripe sandbox.
import nodeIcal, { type VEvent } from "node-ical";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { finalizeTick } from "~/server/jobs/cron-ticks";
import { sendDueNotifications } from "~/server/notifications/worker";
import type { MailCatcher } from "~/sandbox/mail-catcher";
import { DAY, type Harness, HOUR, MIN, startHarness } from "~/test/lifecycle-harness";
import { act } from "~/test/lifecycle-helpers";
import { mailInto } from "~/test/mail";
import { trpcCaller } from "~/test/trpc-caller";

let h: Harness;
let catcher: MailCatcher;
beforeAll(async () => {
  // Three days before the US leaves daylight saving time (Sunday 2026-11-01).
  h = await startHarness({ now: "2026-10-29T12:00:00Z" });
  catcher = await mailInto(h.services);
});
afterAll(async () => {
  await catcher.close();
  await h.close();
});
beforeEach(() => catcher.clear());

const send = () => sendDueNotifications(h.services, { workerId: "test" });
const mailsTo = (email: string) => catcher.messages.filter((m) => m.to.includes(email));
async function newYorker(role: "student" | "tutor") {
  const u = role === "student" ? await h.student() : await h.tutor();
  await h.t.db.user.update({ where: { id: u.id }, data: { timeZone: "America/New_York" } });
  return u;
}
function parseInvite(ics: string) {
  const parsed = Object.values(nodeIcal.sync.parseICS(ics)).filter((c) => c !== undefined);
  const event = parsed.find((c) => c.type === "VEVENT") as VEvent;
  const calendar = parsed.find((c) => c.type === "VCALENDAR") as unknown as { method?: string };
  return { event, method: calendar.method ?? (event as unknown as { method?: string }).method };
}
const nyClock = (d: Date) =>
  new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric", minute: "2-digit", timeZoneName: "short" }).format(d);

describe("booking confirmation and invite", () => {
  it("sends the student and the tutor their message with an invite at the right time on both sides of the DST change", async () => {
    const student = await newYorker("student");
    const tutor = await newYorker("tutor");
    // 09:00 in New York both times: 13:00 UTC while daylight time lasts, 14:00 UTC after it ended.
    const before = await h.book(student, tutor, Date.parse("2026-10-31T13:00:00Z") - h.services.now().getTime());
    const after = await h.book(student, tutor, Date.parse("2026-11-02T14:00:00Z") - h.services.now().getTime());
    const report = await send();
    expect(report.sent).toBe(4);

    const studentMails = mailsTo(student.email);
    expect(studentMails).toHaveLength(2);
    const invites = studentMails.map((m) => {
      expect(m.calendars).toHaveLength(1);
      return parseInvite(m.calendars[0]!);
    });
    const byLesson = new Map(invites.map((i) => [i.event.uid, i]));
    const first = byLesson.get(`lesson-${before}@lessonpay.test`)!;
    const second = byLesson.get(`lesson-${after}@lessonpay.test`)!;
    expect(first.method).toBe("REQUEST");
    expect(first.event.start.toISOString()).toBe("2026-10-31T13:00:00.000Z");
    expect(second.event.start.toISOString()).toBe("2026-11-02T14:00:00.000Z");
    expect(nyClock(first.event.start)).toBe("9:00 AM EDT");
    expect(nyClock(second.event.start)).toBe("9:00 AM EST");

    const confirmation = studentMails.find((m) => m.calendars[0]!.includes(after))!;
    expect(confirmation.subject).toBe(`Booked: lesson with ${tutor.name.split("@")[0]}, Mon, Nov 2, 9:00 AM EST`);
    expect(confirmation.text).toContain("Price: $4.50");
    expect(confirmation.text).toContain("9:00 AM – 9:25 AM (America/New_York)");
    expect(confirmation.html).toContain(`http://app.test/lessons/${after}`);
    expect(confirmation.messageId).toMatch(/@lessonpay\.test>$/);

    const tutorMails = mailsTo(tutor.email);
    expect(tutorMails.map((m) => m.subject).sort()).toEqual([
      `New booking: ${student.name.split("@")[0]}, Mon, Nov 2, 9:00 AM EST`,
      `New booking: ${student.name.split("@")[0]}, Sat, Oct 31, 9:00 AM EDT`,
    ]);
    // Nothing is sent twice: the rows are SENT.
    expect((await send()).sent).toBe(0);
  });

  it("cancels the invite with the same UID and a higher SEQUENCE when the lesson is cancelled", async () => {
    const student = await h.student();
    const tutor = await h.tutor();
    const lessonId = await h.book(student, tutor, 3 * DAY);
    await send();
    catcher.clear();
    expect((await act(h.services, student, lessonId, "CANCEL")).ok).toBe(true);
    await send();
    const cancelled = mailsTo(student.email).find((m) => m.subject.startsWith("Cancelled"))!;
    expect(cancelled.text).toContain("The student cancelled it.");
    const { event, method } = parseInvite(cancelled.calendars[0]!);
    expect(method).toBe("CANCEL");
    expect(event.uid).toBe(`lesson-${lessonId}@lessonpay.test`);
    expect(Number(event.sequence)).toBe(1);
    expect(mailsTo(tutor.email).some((m) => m.subject.startsWith("Cancelled"))).toBe(true);
    // A free cancellation: the receipt says nothing was charged.
    const receipt = mailsTo(student.email).find((m) => m.subject.startsWith("Nothing was charged"));
    expect(receipt?.text).toContain("the $4.50 hold on your card was released");
  });
});

describe("after the lesson", () => {
  it("sends the receipt with the captured amount and the tutor's earning as the ledger has them", async () => {
    const { student, tutor, lessonId } = await h.playedLesson();
    await send();
    catcher.clear();
    await finalizeTick(h.services, {});
    const payment = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId } });
    expect(payment.status).toBe("CAPTURED");
    const receipt = mailsTo(student.email).find((m) => m.subject.startsWith("Receipt"))!;
    expect(receipt.subject).toContain("$4.50");
    expect(receipt.text).toContain("We charged $4.50");
    const settled = mailsTo(tutor.email).find((m) => m.subject.startsWith("Lesson settled"))!;
    expect(settled.subject).toBe("Lesson settled: you earned $3.60");
    expect(settled.text).toContain("platform fee $0.90");
    expect(payment.tutorShare).toBe(360);
  });

  it("writes dates and amounts in the recipient's saved locale: a de-DE student's confirmation and receipt", async () => {
    const student = await h.student();
    await trpcCaller(h.services, student).me.updateLocale({ locale: "de-DE" });
    await h.t.db.user.update({ where: { id: student.id }, data: { timeZone: "Europe/Berlin" } });
    // Tomorrow 13:00 UTC = 14:00 in Berlin (standard time on 2026-10-30).
    const { tutor } = await h.playedLesson({ student, startsInMs: Date.parse("2026-10-30T13:00:00Z") - h.services.now().getTime() });
    await send();
    const confirmation = mailsTo(student.email).find((m) => m.calendars.length > 0)!;
    expect(confirmation.subject).toBe(`Booked: lesson with ${tutor.name.split("@")[0]}, Fr., 30. Okt., 14:00 MEZ`);
    expect(confirmation.text).toContain("Price: 4,50\u00a0$.");
    expect(confirmation.text).toContain("Fr., 30. Okt., 14:00 – 14:25 (Europe/Berlin)");
    expect(confirmation.html).toContain('lang="de-DE"');
    catcher.clear();
    await finalizeTick(h.services, {});
    const receipt = mailsTo(student.email).find((m) => m.subject.startsWith("Receipt"))!;
    expect(receipt.subject).toMatch(/^Receipt: 4,50\u00a0\$ for your lesson/);
    expect(receipt.text).toContain("We charged 4,50\u00a0$ for the lesson Fr., 30. Okt., 14:00 – 14:25 (Europe/Berlin)");
  });

  it("tells the other side that the lesson was ended early", async () => {
    const { student, tutor, lessonId } = await h.startedLesson();
    await send();
    catcher.clear();
    await act(h.services, tutor, lessonId, "END_CALL");
    await send();
    expect(mailsTo(student.email).map((m) => m.subject)).toEqual(["Your lesson was ended early"]);
    expect(mailsTo(tutor.email)).toHaveLength(0);
  });
});

describe("exactly once", () => {
  async function bookedMessage() {
    const lessonId = await h.book(await h.student(), await h.tutor(), 30 * MIN); // no reminder: too close
    const rows = await h.t.db.notification.findMany({ where: { lessonId, channel: "EMAIL" } });
    expect(rows).toHaveLength(2);
    return rows.map((r) => r.id);
  }

  it("retries a refused message with backoff and sends it once", async () => {
    const ids = await bookedMessage();
    catcher.inject({ kind: "refuse", code: 451 }, { kind: "refuse", code: 451 });
    const first = await sendDueNotifications(h.services, { onlyIds: ids });
    expect(first.retrying).toBe(2);
    expect(catcher.messages).toHaveLength(0);
    // Not before the backoff.
    expect((await sendDueNotifications(h.services, { onlyIds: ids })).sent).toBe(0);
    await h.advance(h.services.policy.notifications.retryBaseMs);
    expect((await sendDueNotifications(h.services, { onlyIds: ids })).sent).toBe(2);
    expect(catcher.messages).toHaveLength(2);
    const rows = await h.t.db.notification.findMany({ where: { id: { in: ids } } });
    expect(rows.map((r) => [r.state, r.attempts])).toEqual([
      ["SENT", 2],
      ["SENT", 2],
    ]);
  });

  it("does not send again when the server accepted but the connection dropped before its answer", async () => {
    const [id] = await bookedMessage();
    catcher.inject({ kind: "drop_after_data" });
    expect((await sendDueNotifications(h.services, { onlyIds: [id!] })).retrying).toBe(1);
    const row = await h.t.db.notification.findUniqueOrThrow({ where: { id } });
    expect(catcher.acceptedCount.get(row.messageId!)).toBe(1);
    await h.advance(HOUR);
    const retry = await sendDueNotifications(h.services, { onlyIds: [id!] });
    expect(retry.alreadyAccepted).toBe(1);
    expect(catcher.acceptedCount.get(row.messageId!)).toBe(1);
    expect((await h.t.db.notification.findUniqueOrThrow({ where: { id } })).state).toBe("SENT");
  });

  it("gives up after the policy's attempts and raises an alert", async () => {
    const [id] = await bookedMessage();
    const { maxAttempts } = h.services.policy.notifications;
    catcher.inject(...Array.from({ length: maxAttempts }, () => ({ kind: "refuse" as const, code: 550, message: "no such user" })));
    for (let i = 0; i < maxAttempts; i++) {
      await sendDueNotifications(h.services, { onlyIds: [id!] });
      await h.advance(h.services.policy.notifications.retryMaxMs);
    }
    const row = await h.t.db.notification.findUniqueOrThrow({ where: { id } });
    expect(row.state).toBe("FAILED");
    expect(row.lastError).toContain("no such user");
    const alert = await h.t.db.alert.findFirstOrThrow({ where: { subjectType: "NOTIFICATION", subjectId: id } });
    expect(alert.type).toBe("NOTIFICATION_FAILED");
    expect(catcher.messages).toHaveLength(0);
  });
});
