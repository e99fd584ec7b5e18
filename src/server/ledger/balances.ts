import "server-only";
// A tutor's balances, derived from ledger entries and payout coverage every time they
// are read (never a stored counter that could drift):
//   payable entries = EARNING, EARNING_REVERSAL (negative), PAYOUT_RETURN (money that came back)
//   an entry is covered once a payout includes it (PayoutItem, unique per entry)
//   on hold   = uncovered, its lesson has an OPEN problem report or an open dispute (chargeback or inquiry)
//   pending   = uncovered, not held, availableAt in the future (the 72 h report window)
//   available = uncovered, not held, available now
//   in flight = payouts QUEUED / SENDING / UNKNOWN / SENT;  paid = payouts PAID, and what stayed paid of a
//   PARTIALLY_RETURNED one
import type { Db } from "~/server/db/client";
import { sqlIn } from "~/server/db/status-sql";
import type { Tx } from "~/server/lifecycle/state-rows";
import type { Services } from "~/server/services";
import { isOneOf, LIVE_PAYOUT_STATUSES, OPEN_DISPUTE_STATUSES } from "~/shared/statuses";

/** An open dispute freezes its lesson's earning: never paid out while the card network decides. */
const OPEN_DISPUTES = sqlIn(OPEN_DISPUTE_STATUSES);

export const PAYABLE_KINDS = ["EARNING", "EARNING_REVERSAL", "PAYOUT_RETURN"] as const;

/**
 * A reversal being (or already) pulled back from the tutor's Stripe account by a clawback is not netted from their
 * next payouts as well: it would be recovered twice. A FAILED or CANCELLED clawback leaves it to netting.
 */
export const CLAWBACK_RECOVERING_STATES = ["WAITING", "PENDING", "IN_FLIGHT", "UNKNOWN", "SUCCEEDED"] as const;

export interface PayableEntry {
  id: string;
  kind: string;
  amount: number;
  currency: string;
  lessonId: string | null;
  availableAt: Date | null;
  held: boolean;
}

/** Payable entries of a tutor that no payout covers yet. */
export async function uncoveredEntries(db: Db | Tx, tutorId: string): Promise<PayableEntry[]> {
  return db.$queryRaw<PayableEntry[]>`
    SELECT e.id, e.kind::text AS kind, e.amount, e.currency, e."lessonId", e."availableAt",
           (EXISTS (SELECT 1 FROM "ProblemReport" r WHERE r."lessonId" = e."lessonId" AND r.status = 'OPEN')
            OR EXISTS (SELECT 1 FROM "Dispute" d WHERE d."lessonId" = e."lessonId" AND d.status ${OPEN_DISPUTES})) AS held
    FROM "LedgerEntry" e
    WHERE e."tutorId" = ${tutorId}
      AND e.kind ${sqlIn(PAYABLE_KINDS)}
      AND NOT EXISTS (SELECT 1 FROM "PayoutItem" i WHERE i."ledgerEntryId" = e.id)
      AND NOT EXISTS (SELECT 1 FROM "Clawback" c WHERE c."sourceEntryId" = e.id AND c.state ${sqlIn(CLAWBACK_RECOVERING_STATES)})
    ORDER BY e."createdAt", e.id`;
}

export function isAvailable(e: PayableEntry, now: Date): boolean {
  return !e.held && (e.availableAt === null || e.availableAt <= now);
}

export interface Balances {
  currency: string;
  pending: number;
  available: number;
  onHold: number;
  inFlight: number;
  paid: number;
}

export async function tutorBalances(services: Pick<Services, "db" | "now">, tutorId: string): Promise<Balances> {
  const { db } = services;
  const now = services.now();
  const [entries, payouts] = await Promise.all([
    uncoveredEntries(db, tutorId),
    db.payout.groupBy({ by: ["status"], where: { tutorId }, _sum: { amount: true, amountReturned: true } }),
  ]);
  const sumPayouts = (statuses: readonly string[]) =>
    payouts.filter((p) => statuses.includes(p.status)).reduce((s, p) => s + (p._sum.amount ?? 0), 0);
  const b: Balances = {
    currency: entries[0]?.currency ?? "USD",
    pending: 0,
    available: 0,
    onHold: 0,
    inFlight: sumPayouts(LIVE_PAYOUT_STATUSES),
    // a partly returned payout is still paid for the part that did not come back
    paid:
      sumPayouts(["PAID", "PARTIALLY_RETURNED"]) -
      payouts.filter((p) => p.status === "PARTIALLY_RETURNED").reduce((s, p) => s + (p._sum.amountReturned ?? 0), 0),
  };
  for (const e of entries) {
    if (e.held) b.onHold += e.amount;
    else if (isAvailable(e, now)) b.available += e.amount;
    else b.pending += e.amount;
  }
  return b;
}

/** Per-lesson lines for the earnings page: what each lesson earned, and where that money is. */
export async function earningLines(services: Pick<Services, "db" | "now">, tutorId: string) {
  const { db } = services;
  const now = services.now();
  const rows = await db.$queryRaw<
    {
      lessonId: string;
      scheduledStart: Date;
      studentName: string;
      currency: string;
      earned: number;
      reversed: number;
      availableAt: Date | null;
      held: boolean;
      payoutStatus: string | null;
      payoutId: string | null;
    }[]
  >`
    SELECT e."lessonId", l."scheduledStart", u.name AS "studentName", e.currency,
           SUM(CASE WHEN e.kind = 'EARNING' THEN e.amount ELSE 0 END)::int AS earned,
           SUM(CASE WHEN e.kind = 'EARNING_REVERSAL' THEN e.amount ELSE 0 END)::int AS reversed,
           MIN(e."availableAt") AS "availableAt",
           (EXISTS (SELECT 1 FROM "ProblemReport" r WHERE r."lessonId" = e."lessonId" AND r.status = 'OPEN')
            OR EXISTS (SELECT 1 FROM "Dispute" d WHERE d."lessonId" = e."lessonId" AND d.status ${OPEN_DISPUTES})) AS held,
           (SELECT p.status::text FROM "PayoutItem" i JOIN "Payout" p ON p.id = i."payoutId"
             WHERE i."ledgerEntryId" = MIN(CASE WHEN e.kind = 'EARNING' THEN e.id END) LIMIT 1) AS "payoutStatus",
           (SELECT i."payoutId" FROM "PayoutItem" i WHERE i."ledgerEntryId" = MIN(CASE WHEN e.kind = 'EARNING' THEN e.id END) LIMIT 1) AS "payoutId"
    FROM "LedgerEntry" e
    JOIN "Lesson" l ON l.id = e."lessonId"
    JOIN "user" u ON u.id = l."studentId"
    WHERE e."tutorId" = ${tutorId} AND e.kind IN ('EARNING', 'EARNING_REVERSAL')
    GROUP BY e."lessonId", l."scheduledStart", u.name, e.currency
    ORDER BY l."scheduledStart" DESC
    LIMIT 500`;
  return rows.map((r) => ({
    ...r,
    net: r.earned + r.reversed,
    state:
      r.payoutStatus === "PAID"
        ? "paid"
        : r.payoutStatus && isOneOf(LIVE_PAYOUT_STATUSES, r.payoutStatus)
          ? "in_flight"
          : r.held
            ? "on_hold"
            : r.availableAt && r.availableAt > now
              ? "pending"
              : "available",
  }));
}
