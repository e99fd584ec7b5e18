import "server-only";
// Admin lists: lessons (with their payment) and payouts, filtered by status, a date range
// (whole days in the admin's time zone) and a search: a lesson id, a payment id, a
// PaymentIntent id, a payout id, an email or a name. Newest first, by cursor. The CSV
// export reads the same lesson filter, so it contains exactly the rows searched.
import type { LessonStatus, PaymentStatus, PayoutStatus, Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db/client";
import { instantOfWallTime, type LocalDate } from "~/server/availability/zoned-time";
import { AppError } from "~/server/errors";
import type { Services } from "~/server/services";
import { pageArgs, pageOf } from "./pagination";

export interface DateRange {
  /** first day included, YYYY-MM-DD in `timeZone` */
  from?: string;
  /** last day included, YYYY-MM-DD in `timeZone` */
  to?: string;
  timeZone: string;
}

export interface LessonFilter extends DateRange {
  q?: string;
  status?: LessonStatus;
  paymentStatus?: PaymentStatus;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(s: string, field: string): LocalDate {
  const m = DAY.exec(s);
  if (!m) throw new AppError("BAD_INPUT", `${field}: use a date like 2026-11-26`, { field });
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** [from 00:00, day after `to` 00:00) in the time zone, as instants. */
export function rangeInstants(r: DateRange): { gte?: Date; lt?: Date } {
  const out: { gte?: Date; lt?: Date } = {};
  if (r.from) out.gte = new Date(instantOfWallTime(parseDay(r.from, "from"), 0, r.timeZone));
  if (r.to) out.lt = new Date(instantOfWallTime(parseDay(r.to, "to"), 24 * 60, r.timeZone));
  if (out.gte && out.lt && out.gte >= out.lt)
    throw new AppError("BAD_INPUT", "to: the last day must not be before the first day", { field: "to" });
  return out;
}

export type SearchKind = "id" | "provider" | "email" | "text";

/** What a search string looks like: an id of ours (uuid), a provider id (pi_…, ch_…, tr_…, batch…), an email, or words. */
export function searchKind(q: string): SearchKind {
  const s = q.trim();
  if (UUID.test(s)) return "id";
  if (/^(pi|ch|py|re|tr|po|cus|pm)_[A-Za-z0-9]+$/.test(s)) return "provider";
  if (s.includes("@")) return "email";
  return "text";
}

async function lessonSearch(db: Db, q: string): Promise<Prisma.LessonWhereInput> {
  const s = q.trim();
  const insensitive = { contains: s, mode: "insensitive" as const };
  switch (searchKind(s)) {
    case "id": {
      // a lesson, a payment, or a payout (the lessons whose earnings it carried)
      const items = await db.payoutItem.findMany({ where: { payoutId: s }, select: { ledgerEntryId: true } });
      const entries = items.length
        ? await db.ledgerEntry.findMany({ where: { id: { in: items.map((i) => i.ledgerEntryId) } }, select: { lessonId: true } })
        : [];
      const viaPayout = entries.map((e) => e.lessonId).filter((id): id is string => id !== null);
      return {
        OR: [{ id: s }, { payment: { id: s } }, { studentId: s }, { tutorId: s }, ...(viaPayout.length ? [{ id: { in: viaPayout } }] : [])],
      };
    }
    case "provider":
      return {
        OR: [
          { payment: { providerPaymentIntentId: s } },
          { payment: { providerCustomerId: s } },
          { payment: { operations: { some: { providerObjectId: s } } } },
        ],
      };
    case "email":
      return byParticipant(await matchingUserIds(db, { email: insensitive }));
    case "text": {
      // Each part is read on its own and the lessons are then picked by id and participant through their indexes:
      // one OR across four user joins and the payment made PostgreSQL join and filter every lesson (0.5 s at 100,000).
      const [users, byId, byIntent] = await Promise.all([
        matchingUserIds(db, { OR: [{ name: insensitive }, { email: insensitive }] }),
        db.lesson.findMany({ where: { id: { startsWith: s.toLowerCase() } }, select: { id: true } }),
        db.payment.findMany({ where: { providerPaymentIntentId: { startsWith: s } }, select: { lessonId: true } }),
      ]);
      const ids = [...byId.map((l) => l.id), ...byIntent.map((p) => p.lessonId)];
      return { OR: [...byParticipant(users).OR, ...(ids.length ? [{ id: { in: ids } }] : [])] };
    }
  }
}

async function matchingUserIds(db: Db, where: Prisma.UserWhereInput): Promise<string[]> {
  return (await db.user.findMany({ where, select: { id: true } })).map((u) => u.id);
}

/** Lessons where one of `userIds` is the student or the tutor (an empty list matches none). */
function byParticipant(userIds: string[]): { OR: Prisma.LessonWhereInput[] } {
  return { OR: [{ studentId: { in: userIds } }, { tutorId: { in: userIds } }] };
}

export async function lessonWhere(db: Db, f: LessonFilter): Promise<Prisma.LessonWhereInput> {
  const and: Prisma.LessonWhereInput[] = [];
  if (f.q?.trim()) and.push(await lessonSearch(db, f.q));
  if (f.status) and.push({ status: f.status });
  if (f.paymentStatus) and.push({ payment: { status: f.paymentStatus } });
  const range = rangeInstants(f);
  if (range.gte || range.lt) and.push({ scheduledStart: range });
  return and.length ? { AND: and } : {};
}

export const lessonListInclude = {
  student: { select: { id: true, name: true, email: true } },
  tutor: { select: { id: true, name: true, email: true } },
  payment: true,
} as const;

export async function adminListLessons({ db }: Pick<Services, "db">, f: LessonFilter & { cursor?: string; take?: number }) {
  const take = f.take ?? 25;
  const rows = await db.lesson.findMany({
    where: await lessonWhere(db, f),
    include: lessonListInclude,
    orderBy: [{ scheduledStart: "desc" }, { id: "desc" }],
    ...pageArgs({ cursor: f.cursor, take }),
  });
  const { page, nextCursor } = pageOf(rows, take);
  return {
    items: page.map((l) => ({
      id: l.id,
      status: l.status,
      scheduledStart: l.scheduledStart,
      scheduledEnd: l.scheduledEnd,
      durationMinutes: l.durationMinutes,
      priceAmount: l.priceAmount,
      currency: l.currency,
      student: l.student,
      tutor: l.tutor,
      payment: l.payment && {
        id: l.payment.id,
        status: l.payment.status,
        amount: l.payment.amount,
        amountCaptured: l.payment.amountCaptured,
        platformFee: l.payment.platformFee,
        tutorShare: l.payment.tutorShare,
        amountRefunded: l.payment.amountRefunded,
        providerPaymentIntentId: l.payment.providerPaymentIntentId,
        captureBefore: l.payment.captureBefore,
      },
    })),
    nextCursor,
  };
}

export interface PayoutFilter extends DateRange {
  q?: string;
  status?: PayoutStatus;
}

export async function adminListPayoutsFiltered({ db }: Pick<Services, "db">, f: PayoutFilter & { cursor?: string; take?: number }) {
  const take = f.take ?? 25;
  const and: Prisma.PayoutWhereInput[] = [];
  const q = f.q?.trim();
  if (q) {
    const kind = searchKind(q);
    if (kind === "id") and.push({ OR: [{ id: q }, { tutorId: q }] });
    else {
      const users = await db.user.findMany({
        where: { role: "TUTOR", OR: [{ email: { contains: q, mode: "insensitive" } }, { name: { contains: q, mode: "insensitive" } }] },
        select: { id: true },
        take: 200,
      });
      and.push({
        OR: [
          { tutorId: { in: users.map((u) => u.id) } },
          { providerId: q },
          { providerItemId: q },
          { destination: { contains: q, mode: "insensitive" } },
        ],
      });
    }
  }
  if (f.status) and.push({ status: f.status });
  const range = rangeInstants(f);
  if (range.gte || range.lt) and.push({ createdAt: range });
  const rows = await db.payout.findMany({
    where: and.length ? { AND: and } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs({ cursor: f.cursor, take }),
  });
  const { page, nextCursor } = pageOf(rows, take);
  return { items: await withTutors(db, page), nextCursor };
}

/** Payout rows with their tutor's name and email (one query for the page). */
export async function withTutors<T extends { tutorId: string }>(db: Db, rows: T[]) {
  const tutors = await db.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.tutorId))] } },
    select: { id: true, name: true, email: true },
  });
  const byId = new Map(tutors.map((t) => [t.id, t]));
  return rows.map((r) => ({ ...r, tutor: byId.get(r.tutorId) ?? null }));
}
