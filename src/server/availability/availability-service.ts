import "server-only";
// Reading and saving a tutor's weekly windows, and the free slots students see.
// Framework-free: takes Services, returns plain data.
import { randomUUID } from "node:crypto";
import { AppError } from "~/server/errors";
import { canonicalTimeZone, timeZoneOrUtc } from "~/server/users/user-fields";
import { authorizationPlanFor } from "~/server/lifecycle/booking-preview";
import type { Services } from "~/server/services";
import { AVAILABILITY_RULES } from "~/shared/availability-rules";
import { freeSlots, type Interval } from "./free-slots";
import { checkWeeklyWindows, type WeeklyWindow } from "~/shared/weekly-windows";

export interface TutorWeek {
  /** the tutor's IANA time zone: the windows are wall times there */
  timeZone: string;
  windows: WeeklyWindow[];
}

const DAY_MS = 86_400_000;

export async function getWeeklyWindows({ db }: Pick<Services, "db">, tutorId: string): Promise<TutorWeek> {
  const tutor = await db.user.findUnique({ where: { id: tutorId }, select: { timeZone: true } });
  if (!tutor) throw new AppError("NOT_FOUND", "We couldn't find that tutor.");
  const rows = await db.availabilityWindow.findMany({ where: { tutorId }, orderBy: [{ weekday: "asc" }, { startMinute: "asc" }] });
  return {
    timeZone: timeZoneOrUtc(tutor.timeZone),
    windows: rows.map(({ weekday, startMinute, endMinute }) => ({ weekday, startMinute, endMinute })),
  };
}

/** Replaces the whole week at once, so the editor's "Save" is one atomic change. */
export async function saveWeeklyWindows(
  { db }: Pick<Services, "db">,
  tutorId: string,
  windows: readonly WeeklyWindow[],
): Promise<TutorWeek> {
  const check = checkWeeklyWindows(windows);
  if (!check.ok) throw new AppError("BAD_INPUT", check.message, { field: "windows" });
  await db.$transaction(async (tx) => {
    // Lock the tutor's row: two tabs saving at once must not interleave their delete + insert.
    await tx.$queryRaw`SELECT id FROM "user" WHERE id = ${tutorId} FOR UPDATE`;
    await tx.availabilityWindow.deleteMany({ where: { tutorId } });
    await tx.availabilityWindow.createMany({ data: check.windows.map((w) => ({ id: randomUUID(), tutorId, ...w })) });
  });
  return getWeeklyWindows({ db }, tutorId);
}

/** Lessons holding the tutors' time within the slot horizon (the exclusion constraint's rule: all but CANCELLED). */
async function busyIntervals(services: Services, tutorIds: string[]): Promise<Map<string, Interval[]>> {
  const now = services.now();
  const rows = await services.db.lesson.findMany({
    where: {
      tutorId: { in: tutorIds },
      status: { not: "CANCELLED" },
      scheduledEnd: { gt: now },
      scheduledStart: { lt: new Date(now.getTime() + (AVAILABILITY_RULES.horizonDays + 1) * DAY_MS) },
    },
    select: { tutorId: true, scheduledStart: true, scheduledEnd: true },
  });
  const byTutor = new Map<string, Interval[]>();
  for (const r of rows) {
    const list = byTutor.get(r.tutorId) ?? [];
    list.push({ start: r.scheduledStart, end: r.scheduledEnd });
    byTutor.set(r.tutorId, list);
  }
  return byTutor;
}

/** Free slots for several tutors in three queries (the tutors list shows the next few of each). */
export async function freeSlotsForTutors(
  services: Services,
  tutors: ReadonlyArray<{ id: string; timeZone: string }>,
  durationMinutes: 25 | 50,
  limit?: number,
): Promise<Map<string, Interval[]>> {
  const ids = tutors.map((t) => t.id);
  const [windows, busy] = await Promise.all([
    services.db.availabilityWindow.findMany({ where: { tutorId: { in: ids } } }),
    busyIntervals(services, ids),
  ]);
  const now = services.now();
  return new Map(
    tutors.map((t) => {
      // A zone that is not IANA (written before the fields were validated) gives no slots rather than a failure for
      // every visitor: the tutor's wall times cannot be placed, and guessing a zone would offer wrong times.
      const timeZone = canonicalTimeZone(t.timeZone);
      if (timeZone === null) return [t.id, []];
      return [
        t.id,
        freeSlots({
          windows: windows.filter((w) => w.tutorId === t.id),
          timeZone,
          durationMinutes,
          now,
          busy: busy.get(t.id) ?? [],
          limit,
        }),
      ];
    }),
  );
}

/** A tutor's free slots, each with the card-hold plan booking it now would make (see lifecycle/booking-preview.ts). */
export async function tutorFreeSlots(services: Services, tutorId: string, durationMinutes: 25 | 50) {
  const tutor = await services.db.user.findUnique({
    where: { id: tutorId },
    select: { id: true, role: true, timeZone: true, tutorProfile: { select: { price25: true, price50: true, currency: true } } },
  });
  if (!tutor || tutor.role !== "TUTOR" || !tutor.tutorProfile)
    throw new AppError("NOT_FOUND", "We couldn't find that tutor. Pick one from the tutors list.");
  const now = services.now();
  const profile = tutor.tutorProfile;
  const priceAmount = durationMinutes === 25 ? profile.price25 : profile.price50;
  const free = (await freeSlotsForTutors(services, [tutor], durationMinutes)).get(tutor.id) ?? [];
  const slots = free.map((slot) => ({
    ...slot,
    authorization: authorizationPlanFor({ ...slot, durationMinutes, priceAmount, currency: profile.currency }, now, services.policy),
  }));
  return { tutorTimeZone: timeZoneOrUtc(tutor.timeZone), durationMinutes, slots, generatedAt: now };
}

/**
 * For lesson.book (not wired yet — book-lesson.ts is the lifecycle engineer's): refuse a start the
 * tutor does not offer (outside their weekly hours, off the grid, too soon or beyond the horizon).
 * The page only offers such slots, but the procedure can be called directly.
 */
export async function assertSlotOffered(services: Services, tutorId: string, start: Date, durationMinutes: 25 | 50): Promise<void> {
  const tutor = await services.db.user.findUnique({ where: { id: tutorId }, select: { id: true, timeZone: true } });
  if (!tutor) throw new AppError("NOT_FOUND", "We couldn't find that tutor. Pick one from the tutors list.");
  const windows = await services.db.availabilityWindow.findMany({ where: { tutorId } });
  const timeZone = canonicalTimeZone(tutor.timeZone);
  // Busy lessons are left out on purpose: an overlap is a CONFLICT ("just taken"), answered by the booking itself.
  const offered = timeZone === null ? [] : freeSlots({ windows, timeZone, durationMinutes, now: services.now(), busy: [] });
  if (!offered.some((s) => s.start.getTime() === start.getTime())) {
    throw new AppError("BAD_INPUT", "scheduledStart: the tutor does not offer this time. Pick one of the free times on the tutor's page.", {
      field: "scheduledStart",
      rule: "SLOT_NOT_OFFERED",
    });
  }
}
