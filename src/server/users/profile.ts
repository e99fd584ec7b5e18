import "server-only";
import { AppError } from "~/server/errors";
import type { Services } from "~/server/services";
import { timeZoneOrUtc } from "./user-fields";

export async function getProfile({ db }: Pick<Services, "db">, userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      timeZone: true,
      createdAt: true,
      tutorProfile: { select: { price25: true, price50: true, currency: true, headline: true } },
    },
  });
  if (!user) throw new AppError("NOT_FOUND", "Your account no longer exists. Please sign in again.");
  return { ...user, timeZone: timeZoneOrUtc(user.timeZone) };
}

export async function updateTimeZone({ db }: Pick<Services, "db">, userId: string, timeZone: string) {
  return db.user.update({ where: { id: userId }, data: { timeZone }, select: { id: true, timeZone: true } });
}
