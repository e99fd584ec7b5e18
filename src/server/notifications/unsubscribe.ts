import "server-only";
// The link at the foot of every email, usable without signing in: it carries (user, category) signed with
// HMAC-SHA256 under the auth secret, so only we can make one and it names exactly one person's one category. It does
// not expire: an old email's link must keep working (RFC 8058 expects the List-Unsubscribe URL to stay valid).
//   - an optional category (reminders, marketing): one-click unsubscribe;
//   - a transactional one (lessons, receipts, payouts, security, alerts): a page saying why it cannot be turned off.
// Both read the same token; only an optional category's token can turn anything off.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "~/server/db/client";
import { isNotificationCategory, isOptionalCategory, type NotificationCategory, type OptionalCategory } from "./kinds";

const sign = (payload: string, secret: string) => createHmac("sha256", secret).update(`unsubscribe:${payload}`).digest("base64url");

export function unsubscribeToken(userId: string, category: NotificationCategory, secret: string): string {
  const payload = Buffer.from(JSON.stringify([userId, category])).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

/** The (user, category) a token of ours names, any category; null for a token we did not sign. */
export function readFooterToken(token: string, secret: string): { userId: string; category: NotificationCategory } | null {
  const [payload, sig] = token.split(".");
  if (!payload || !sig) return null;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [userId, category] = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof userId !== "string" || typeof category !== "string" || !isNotificationCategory(category)) return null;
    return { userId, category };
  } catch {
    return null;
  }
}

/** As readFooterToken, but only for a category a person may turn off. */
export function readUnsubscribeToken(token: string, secret: string): { userId: string; category: OptionalCategory } | null {
  const t = readFooterToken(token, secret);
  return t && isOptionalCategory(t.category) ? { userId: t.userId, category: t.category } : null;
}

/** The footer link's URL: the unsubscribe page for an optional category, the "why always" page for the others. */
export function unsubscribeUrl(appUrl: string, token: string): string {
  return `${appUrl}/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
}

/** Turn a category off (repeating it is a no-op). Returns null for a token that is not ours or names a transactional category. */
export async function unsubscribeWithToken(
  db: Db,
  token: string,
  secret: string,
  now: Date,
): Promise<{ category: OptionalCategory } | null> {
  const t = readUnsubscribeToken(token, secret);
  if (!t) return null;
  const user = await db.user.findUnique({ where: { id: t.userId }, select: { id: true } });
  if (!user) return null;
  await db.notificationOptOut.createMany({ data: [{ userId: t.userId, category: t.category, createdAt: now }], skipDuplicates: true });
  return { category: t.category };
}
