import "server-only";
// One-click unsubscribe without signing in: the link carries (user, category) signed with HMAC-SHA256 under the
// auth secret, so only we can make one and it names exactly one person's one category. It does not expire: an old
// email's link must keep working (RFC 8058 expects the List-Unsubscribe URL to stay valid).
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "~/server/db/client";
import { isOptionalCategory, type OptionalCategory } from "./kinds";

const sign = (payload: string, secret: string) => createHmac("sha256", secret).update(`unsubscribe:${payload}`).digest("base64url");

export function unsubscribeToken(userId: string, category: OptionalCategory, secret: string): string {
  const payload = Buffer.from(JSON.stringify([userId, category])).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

export function readUnsubscribeToken(token: string, secret: string): { userId: string; category: OptionalCategory } | null {
  const [payload, sig] = token.split(".");
  if (!payload || !sig) return null;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [userId, category] = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof userId !== "string" || typeof category !== "string" || !isOptionalCategory(category)) return null;
    return { userId, category };
  } catch {
    return null;
  }
}

export function unsubscribeUrl(appUrl: string, token: string): string {
  return `${appUrl}/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`;
}

/** Turn a category off (repeating it is a no-op). Returns false for a token that is not ours. */
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
