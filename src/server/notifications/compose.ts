import "server-only";
// From a claimed row to a ready email: read the recipient (zone, locale, opt-outs) and the lesson, write the words,
// render the template, attach the invite, add the unsubscribe headers. Reads only; sends nothing.
import type { Notification } from "~/generated/prisma/client";
import type { Db } from "~/server/db/client";
import { alertDigestContent, type MessageContent, messageContent, type Recipient } from "./content";
import { lessonInvite } from "./ics";
import { categoryOf, isNotificationKind, isOptionalCategory, type NotificationCategory } from "./kinds";
import type { NotifyConfig } from "./config";
import type { OutgoingMail } from "./mailer";
import type { Facts } from "./request";
import { renderEmail } from "./render-email";
import { unsubscribeToken, unsubscribeUrl } from "./unsubscribe";
import { localeOrDefault, timeZoneOrUtc } from "~/server/users/user-fields";

export type Composed = { send: OutgoingMail } | { skip: string };

async function recipientOf(db: Db, userId: string | null) {
  if (!userId) return null;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, email: true, timeZone: true, locale: true },
  });
  // Rows older than the field rules are read as UTC / en-US rather than failing the message.
  return user ? ({ ...user, timeZone: timeZoneOrUtc(user.timeZone), locale: localeOrDefault(user.locale) } satisfies Recipient) : null;
}

async function optedOut(db: Db, userId: string, category: string) {
  if (!isOptionalCategory(category)) return false; // receipts, money and security always go
  return (await db.notificationOptOut.count({ where: { userId, category } })) > 0;
}

async function toMail(
  cfg: NotifyConfig,
  r: Recipient,
  content: MessageContent,
  category: NotificationCategory,
  messageId: string,
  calendar?: OutgoingMail["calendar"],
  toAddress?: string | null,
): Promise<OutgoingMail> {
  // Every email's footer links to the category's signed page: one-click unsubscribe where it can be turned off, else
  // why it cannot. The List-Unsubscribe headers only where unsubscribing is possible.
  const footerUrl = unsubscribeUrl(cfg.appUrl, unsubscribeToken(r.id, category, cfg.signingSecret));
  const unsubscribe = isOptionalCategory(category) ? footerUrl : null;
  const { html, text } = await renderEmail({
    content,
    locale: r.locale,
    unsubscribeUrl: unsubscribe,
    alwaysSentUrl: unsubscribe ? null : footerUrl,
    preferencesUrl: `${cfg.appUrl}/account`,
  });
  return {
    from: cfg.from,
    // A free address (the payout destination a change replaces) is not the person's: no name is put on it.
    to: toAddress ?? `${r.name} <${r.email}>`,
    subject: content.subject,
    html,
    text,
    messageId,
    // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the URL, no sign-in, no page.
    headers: unsubscribe ? { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {},
    ...(calendar ? { calendar } : {}),
  };
}

/** One row's email, or why it is not sent (opted out, reminder for a lesson no longer scheduled, recipient gone). */
export async function composeEmail(db: Db, cfg: NotifyConfig, row: Notification, now: Date): Promise<Composed> {
  if (!isNotificationKind(row.kind)) return { skip: `unknown kind ${row.kind}` };
  const r = await recipientOf(db, row.userId);
  if (!r) return { skip: "recipient no longer exists" };
  if (await optedOut(db, r.id, row.category)) return { skip: `${r.id} turned off ${row.category}` };
  const facts = row.data as Facts;
  const lesson = row.lessonId
    ? await db.lesson.findUnique({
        where: { id: row.lessonId },
        select: { status: true, student: { select: { name: true, email: true } }, tutor: { select: { name: true, email: true } } },
      })
    : null;
  if (row.kind === "lesson_reminder" && lesson?.status !== "SCHEDULED") return { skip: "the lesson is no longer scheduled" };
  // A reminder that could not go before the start (the worker was down, the demo clock jumped) is no reminder.
  if (row.kind === "lesson_reminder" && now.getTime() >= new Date(String(facts.start)).getTime())
    return { skip: "the lesson has already started" };
  const names = lesson ? { studentName: lesson.student.name, tutorName: lesson.tutor.name } : null;
  const content = messageContent({ kind: row.kind, facts, recipient: r, lesson: names, appUrl: cfg.appUrl });
  const calendar =
    content.calendar && row.lessonId
      ? {
          method: content.calendar.method,
          content: lessonInvite({
            lessonId: row.lessonId,
            start: new Date(String(facts.start)),
            end: new Date(String(facts.end)),
            summary: names ? `Lesson: ${names.studentName} with ${names.tutorName}` : "Lesson",
            description: `${cfg.appUrl}/lessons/${row.lessonId}`,
            url: `${cfg.appUrl}/lessons/${row.lessonId}`,
            organizerEmail: /<([^>]+)>/.exec(cfg.from)?.[1] ?? cfg.from,
            attendee: { name: r.name, email: r.email },
            method: content.calendar.method,
            sequence: content.calendar.sequence,
            stamp: now,
          }),
        }
      : undefined;
  return { send: await toMail(cfg, r, content, categoryOf(row.kind), row.messageId!, calendar, row.toAddress) };
}

/** One email for a group of an admin's CRITICAL alerts. */
export async function composeDigestEmail(db: Db, cfg: NotifyConfig, rows: Notification[], messageId: string): Promise<Composed> {
  const r = await recipientOf(db, rows[0]!.userId);
  if (!r) return { skip: "recipient no longer exists" };
  const content = alertDigestContent(
    rows.map((row) => row.data as Facts),
    r,
    cfg.appUrl,
  );
  return { send: await toMail(cfg, r, content, "alerts", messageId) };
}

/** The webhook's text for a group of alerts (Slack's incoming-webhook format: {"text": …}; times in UTC). */
export function digestWebhookText(rows: Notification[], appUrl: string): string {
  const content = alertDigestContent(
    rows.map((row) => row.data as Facts),
    { timeZone: "UTC", locale: "en-US" },
    appUrl,
  );
  return [`*${content.subject}*`, ...content.paragraphs.map((p) => `• ${p}`), `<${content.action.url}|${content.action.label}>`].join("\n");
}
