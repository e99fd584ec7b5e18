import "server-only";
import type { Services } from "~/server/services";
import { timeZoneOrUtc } from "./user-fields";

/**
 * The user's saved time zone, read fresh: the session's copy may predate a change on the account page. Falls back to
 * the session's zone when the row is gone.
 */
export async function savedTimeZone(services: Pick<Services, "db">, user: { id: string; timeZone: string }): Promise<string> {
  const row = await services.db.user.findUnique({ where: { id: user.id }, select: { timeZone: true } });
  return timeZoneOrUtc(row?.timeZone ?? user.timeZone);
}
