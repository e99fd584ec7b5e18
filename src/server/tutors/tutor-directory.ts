import "server-only";
// What students see of tutors: public profile fields only (never email or payout details).
import { freeSlotsForTutors } from "~/server/availability/availability-service";
import { AppError } from "~/server/errors";
import type { Services } from "~/server/services";
import { timeZoneOrUtc } from "~/server/users/user-fields";

/** How many upcoming slots the tutors list shows per tutor. */
export const NEXT_SLOTS_ON_LIST = 3;

const profileSelect = {
  id: true,
  name: true,
  timeZone: true,
  tutorProfile: { select: { headline: true, bio: true, price25: true, price50: true, currency: true } },
} as const;

type ProfileRow = {
  id: string;
  name: string;
  timeZone: string;
  tutorProfile: { headline: string; bio: string; price25: number; price50: number; currency: string } | null;
};

function toTutorCard(row: ProfileRow & { tutorProfile: NonNullable<ProfileRow["tutorProfile"]> }) {
  const p = row.tutorProfile;
  return {
    id: row.id,
    name: row.name,
    headline: p.headline,
    // Pages format times in this zone; one bad row must not break the page for its visitors (its slots are empty).
    timeZone: timeZoneOrUtc(row.timeZone),
    currency: p.currency,
    prices: { 25: p.price25, 50: p.price50 },
  };
}

const bookable = (r: ProfileRow): r is ProfileRow & { tutorProfile: NonNullable<ProfileRow["tutorProfile"]> } => r.tutorProfile !== null;

/** Tutors who take bookings (they have a price), with their next few free 25-minute slots. */
export async function listTutors(services: Services) {
  const rows = (
    await services.db.user.findMany({
      where: { role: "TUTOR", tutorProfile: { isNot: null } },
      select: profileSelect,
      orderBy: { name: "asc" },
      take: 200,
    })
  ).filter(bookable);
  const slots = await freeSlotsForTutors(services, rows, 25, NEXT_SLOTS_ON_LIST);
  return rows.map((r) => ({ ...toTutorCard(r), nextSlots: slots.get(r.id) ?? [] }));
}

export async function getTutor(services: Services, tutorId: string) {
  const row = await services.db.user.findFirst({ where: { id: tutorId, role: "TUTOR" }, select: profileSelect });
  if (!row || !bookable(row)) throw new AppError("NOT_FOUND", "We couldn't find that tutor. Pick one from the tutors list.");
  const windows = await services.db.availabilityWindow.count({ where: { tutorId } });
  return { ...toTutorCard(row), bio: row.tutorProfile.bio, hasWeeklyHours: windows > 0 };
}
