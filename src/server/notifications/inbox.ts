import "server-only";
// The in-app list: the same events as the emails (each event's IN_APP row), rendered for the viewer when read, so a
// person without email access still sees what happened. Plus the person's category switches.
import type { Services } from "~/server/services";
import { alertDigestContent, messageContent } from "./content";
import { isNotificationKind, OPTIONAL_CATEGORIES, type OptionalCategory } from "./kinds";
import type { Facts } from "./request";
import { localeOrDefault, timeZoneOrUtc } from "~/server/users/user-fields";

export interface InboxEntry {
  id: string;
  kind: string;
  title: string;
  body: string[];
  url: string;
  createdAt: Date;
  read: boolean;
}

export async function listInbox(services: Pick<Services, "db" | "now" | "notify">, userId: string, take = 50) {
  const now = services.now();
  const appUrl = services.notify?.appUrl ?? "";
  const row = await services.db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, name: true, email: true, timeZone: true, locale: true },
  });
  const user = { ...row, timeZone: timeZoneOrUtc(row.timeZone), locale: localeOrDefault(row.locale) };
  const rows = await services.db.notification.findMany({
    // A reminder's entry shows from its send time on, like its email.
    where: { userId, channel: "IN_APP", nextAttemptAt: { lte: now } },
    orderBy: [{ nextAttemptAt: "desc" }, { id: "desc" }],
    take,
  });
  const lessonIds = [...new Set(rows.map((r) => r.lessonId).filter((id): id is string => id !== null))];
  const lessons = await services.db.lesson.findMany({
    where: { id: { in: lessonIds } },
    select: { id: true, student: { select: { name: true } }, tutor: { select: { name: true } } },
  });
  const names = new Map(lessons.map((l) => [l.id, { studentName: l.student.name, tutorName: l.tutor.name }]));
  const entries: InboxEntry[] = rows.flatMap((r) => {
    if (!isNotificationKind(r.kind)) return [];
    const facts = r.data as Facts;
    const c =
      r.kind === "critical_alert"
        ? alertDigestContent([facts], user, appUrl)
        : messageContent({
            kind: r.kind,
            facts,
            recipient: user,
            lesson: r.lessonId ? (names.get(r.lessonId) ?? null) : null,
            appUrl: appUrl,
          });
    // In the app the links are relative: the page is already on the right origin.
    const url = c.action.url.startsWith(appUrl) ? c.action.url.slice(appUrl.length) || "/" : c.action.url;
    return [{ id: r.id, kind: r.kind, title: c.subject, body: c.paragraphs, url, createdAt: r.nextAttemptAt, read: r.readAt !== null }];
  });
  return { entries, unread: entries.filter((e) => !e.read).length };
}

/** Mark the viewer's entries read (the given ones, or all). Someone else's ids change nothing. */
export async function markInboxRead(services: Pick<Services, "db" | "now">, userId: string, ids: string[] | "all") {
  const { count } = await services.db.notification.updateMany({
    where: { userId, channel: "IN_APP", readAt: null, ...(ids === "all" ? {} : { id: { in: ids } }) },
    data: { readAt: services.now() },
  });
  return { marked: count };
}

export async function notificationPreferences(services: Pick<Services, "db">, userId: string) {
  const off = new Set((await services.db.notificationOptOut.findMany({ where: { userId } })).map((o) => o.category));
  return OPTIONAL_CATEGORIES.map((category) => ({ category, enabled: !off.has(category) }));
}

export async function setNotificationPreference(
  services: Pick<Services, "db" | "now">,
  userId: string,
  category: OptionalCategory,
  enabled: boolean,
) {
  if (enabled) await services.db.notificationOptOut.deleteMany({ where: { userId, category } });
  else await services.db.notificationOptOut.createMany({ data: [{ userId, category, createdAt: services.now() }], skipDuplicates: true });
  return notificationPreferences(services, userId);
}
