import "server-only";
// The admin overview: money captured (gross, with its fee/tutor split) per day and for
// today / 7 / 30 days in the admin's time zone, holds outstanding, payouts in flight or
// failed, and how many items wait in each queue.
import { addDays, instantOfWallTime, type LocalDate, localDateAt } from "~/server/availability/zoned-time";
import { attentionIndex } from "./queue";
import { countByCategory } from "./queue-types";
import { LIVE_PAYOUT_STATUSES, RETURNED_PAYOUT_STATUSES } from "~/shared/statuses";
import { atInstant, type Services } from "~/server/services";

export interface MoneyTotals {
  currency: string;
  captured: number;
  fees: number;
  tutorEarnings: number;
  refunded: number;
  count: number;
}

export interface DayPoint {
  /** YYYY-MM-DD in the admin's time zone */
  day: string;
  currency: string;
  captured: number;
  fees: number;
}

const key = (d: LocalDate) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

/** The first instant of each of the last `days` local days (oldest first), in `timeZone`. */
export function dayStarts(now: Date, timeZone: string, days: number): { day: string; start: Date }[] {
  const today = localDateAt(now.getTime(), timeZone);
  return Array.from({ length: days }, (_, i) => {
    const d = addDays(today, i - (days - 1));
    return { day: key(d), start: new Date(instantOfWallTime(d, 0, timeZone)) };
  });
}

function assertTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

export async function adminOverview(services: Pick<Services, "db" | "now" | "policy">, timeZoneInput: string) {
  const { db } = services;
  const now = services.now();
  const timeZone = assertTimeZone(timeZoneInput);
  const days = dayStarts(now, timeZone, 30);
  const since30 = days[0]!.start;
  const windows = { today: days[29]!.start, days7: days[23]!.start, days30: since30 };

  const [captures, reversals, held, payoutGroups, queue] = await Promise.all([
    // Payment.capturedAt is not written by the lifecycle; the EARNING and PLATFORM_FEE entries are, in the
    // capture's own transaction, so their time is the capture's and their sum is the captured amount.
    db.ledgerEntry.findMany({
      where: { kind: { in: ["EARNING", "PLATFORM_FEE"] }, createdAt: { gte: since30, lte: now } },
      select: { createdAt: true, currency: true, amount: true, kind: true, paymentId: true },
    }),
    db.ledgerEntry.findMany({
      where: { kind: { in: ["EARNING_REVERSAL", "FEE_REVERSAL"] }, createdAt: { gte: since30, lte: now } },
      select: { createdAt: true, currency: true, amount: true },
    }),
    db.payment.groupBy({ by: ["currency"], where: { status: "AUTHORIZED" }, _count: { _all: true }, _sum: { amount: true } }),
    db.payout.groupBy({ by: ["status", "currency"], _count: { _all: true }, _sum: { amount: true } }),
    attentionIndex(atInstant(services, now)),
  ]);

  const totals = (from: Date): MoneyTotals[] => {
    const by = new Map<string, MoneyTotals>();
    const get = (currency: string) => {
      let t = by.get(currency);
      if (!t) by.set(currency, (t = { currency, captured: 0, fees: 0, tutorEarnings: 0, refunded: 0, count: 0 }));
      return t;
    };
    for (const c of captures) {
      if (c.createdAt < from) continue;
      const t = get(c.currency);
      t.captured += c.amount;
      if (c.kind === "PLATFORM_FEE") t.fees += c.amount;
      else {
        t.tutorEarnings += c.amount;
        t.count += 1;
      }
    }
    for (const r of reversals) if (r.createdAt >= from) get(r.currency).refunded -= r.amount;
    return [...by.values()].sort((a, b) => b.captured - a.captured);
  };

  // daily series (every day present, zeros included, so the chart has no gaps)
  const currencies = [...new Set(captures.map((c) => c.currency))].sort();
  if (currencies.length === 0) currencies.push("USD");
  const dayOf = (at: Date) => {
    let i = days.length - 1;
    while (i > 0 && at < days[i]!.start) i -= 1;
    return days[i]!.day;
  };
  const series = new Map<string, DayPoint>();
  for (const d of days)
    for (const currency of currencies) series.set(`${d.day}|${currency}`, { day: d.day, currency, captured: 0, fees: 0 });
  for (const c of captures) {
    const p = series.get(`${dayOf(c.createdAt)}|${c.currency}`)!;
    p.captured += c.amount;
    if (c.kind === "PLATFORM_FEE") p.fees += c.amount;
  }

  const payoutSum = (statuses: readonly string[]) => {
    const by = new Map<string, { currency: string; count: number; amount: number }>();
    for (const g of payoutGroups.filter((g) => statuses.includes(g.status))) {
      const t = by.get(g.currency) ?? { currency: g.currency, count: 0, amount: 0 };
      t.count += g._count._all;
      t.amount += g._sum.amount ?? 0;
      by.set(g.currency, t);
    }
    return [...by.values()];
  };

  return {
    now,
    timeZone,
    windows: { today: totals(windows.today), days7: totals(windows.days7), days30: totals(windows.days30) },
    daily: [...series.values()],
    authorizationsOutstanding: held.map((h) => ({ currency: h.currency, count: h._count._all, amount: h._sum.amount ?? 0 })),
    payoutsPending: payoutSum(LIVE_PAYOUT_STATUSES),
    payoutsFailed: payoutSum(RETURNED_PAYOUT_STATUSES),
    attention: countByCategory(queue.drafts),
    attentionTotal: queue.drafts.length,
  };
}
