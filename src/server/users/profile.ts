import "server-only";
import { AppError } from "~/server/errors";
import type { Services } from "~/server/services";
import { localeOrDefault, timeZoneOrUtc } from "./user-fields";

export async function getProfile({ db }: Pick<Services, "db">, userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      timeZone: true,
      locale: true,
      createdAt: true,
      tutorProfile: { select: { price25: true, price50: true, currency: true, headline: true } },
    },
  });
  if (!user) throw new AppError("NOT_FOUND", "Your account no longer exists. Please sign in again.");
  return { ...user, timeZone: timeZoneOrUtc(user.timeZone), locale: localeOrDefault(user.locale) };
}

export async function updateTimeZone({ db }: Pick<Services, "db">, userId: string, timeZone: string) {
  return db.user.update({ where: { id: userId }, data: { timeZone }, select: { id: true, timeZone: true } });
}

export async function updateLocale({ db }: Pick<Services, "db">, userId: string, locale: string) {
  return db.user.update({ where: { id: userId }, data: { locale }, select: { id: true, locale: true } });
}
