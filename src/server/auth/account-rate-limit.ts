import "server-only";
import type { Db } from "~/server/db/client";

// better-auth limits sign-in per address (IP). This adds the per-account limit that
// stops password guessing spread over many addresses. It shares better-auth's
// `rateLimit` table and is one atomic upsert, so concurrent attempts count exactly.

export async function countSignInAttempt(
  db: Db,
  email: string,
  opts: { max: number; windowMs: number; nowMs: number },
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const key = `sign-in-account:${email.trim().toLowerCase()}`;
  const windowStart = opts.nowMs - opts.windowMs;
  const rows = await db.$queryRaw<{ count: number; lastRequest: bigint; windowStartedAt: bigint }[]>`
    INSERT INTO "rateLimit" (id, key, count, "lastRequest")
    VALUES (${key}, ${key}, 1, ${BigInt(opts.nowMs)})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN "rateLimit"."lastRequest" < ${BigInt(windowStart)} THEN 1 ELSE "rateLimit".count + 1 END,
      "lastRequest" = CASE WHEN "rateLimit"."lastRequest" < ${BigInt(windowStart)} THEN ${BigInt(opts.nowMs)} ELSE "rateLimit"."lastRequest" END
    RETURNING count, "lastRequest", "lastRequest" AS "windowStartedAt"`;
  const row = rows[0];
  if (!row) return { allowed: true, retryAfterSeconds: 0 };
  const retryAfterSeconds = Math.max(1, Math.ceil((Number(row.windowStartedAt) + opts.windowMs - opts.nowMs) / 1000));
  return { allowed: row.count <= opts.max, retryAfterSeconds };
}
