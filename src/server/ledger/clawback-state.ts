import "server-only";
// What a tutor owes back for earnings reversed after they were paid out (a refund or a lost dispute after the payout),
// and how much of it has been recovered, for the tutor's earnings page and the admin's lesson page. Derived from the
// rows every time (never a stored counter):
//   - a Stripe Connect payout: the Clawback row pulls the share back by a transfer reversal; recovered once SUCCEEDED;
//   - a PayPal payout (no pull), or a clawback that FAILED or was CANCELLED: the reversal stays a negative payable
//     entry netted from the next payouts; recovered once a later payout that includes it is paid.
import type { Db } from "~/server/db/client";
import { sqlIn } from "~/server/db/status-sql";
import { CLAWBACK_RECOVERING_STATES } from "./balances";

/** Payout statuses under which the earning's money went out to the tutor (so a reversal afterwards is owed back). */
const MONEY_WENT_OUT = ["PAID", "PARTIALLY_RETURNED", "QUEUED", "SENDING", "UNKNOWN", "SENT"] as const;
const PAID = ["PAID", "PARTIALLY_RETURNED"] as const;

export type ClawbackStatus =
  /** a Stripe transfer reversal is waiting for the payout to land, or about to be sent */
  | "reversal_waiting"
  | "reversal_pending"
  | "recovered"
  /** netted: no later payout has taken it yet (the tutor's available balance shows it negative) */
  | "owed"
  /** netted: a later payout that includes it is on its way */
  | "netting";

export interface ClawbackLine {
  /** the EARNING_REVERSAL entry being recovered */
  entryId: string;
  lessonId: string;
  tutorId: string;
  scheduledStart: Date;
  how: "transfer_reversal" | "netting";
  owed: number;
  recovered: number;
  currency: string;
  status: ClawbackStatus;
  clawbackState: string | null;
  providerReversalId: string | null;
  createdAt: Date;
}

interface Row {
  entryId: string;
  lessonId: string;
  tutorId: string;
  scheduledStart: Date;
  amount: number;
  currency: string;
  createdAt: Date;
  clawbackState: string | null;
  providerReversalId: string | null;
  nettedStatus: string | null;
}

/** The clawback lines of one tutor, or of one lesson. */
export async function clawbackLines(db: Db, where: { tutorId: string } | { lessonId: string }): Promise<ClawbackLine[]> {
  const tutorId = "tutorId" in where ? where.tutorId : null;
  const lessonId = "lessonId" in where ? where.lessonId : null;
  const rows = await db.$queryRaw<Row[]>`
    SELECT r.id AS "entryId", r."lessonId", r."tutorId", l."scheduledStart", r.amount, r.currency, r."createdAt",
           c.state::text AS "clawbackState", c."providerReversalId",
           (SELECT p.status::text FROM "PayoutItem" i JOIN "Payout" p ON p.id = i."payoutId" WHERE i."ledgerEntryId" = r.id) AS "nettedStatus"
    FROM "LedgerEntry" r
    JOIN "Lesson" l ON l.id = r."lessonId"
    -- the payout that carried this lesson's earning
    JOIN LATERAL (
      SELECT p.id, p.status FROM "LedgerEntry" e
      JOIN "PayoutItem" i ON i."ledgerEntryId" = e.id JOIN "Payout" p ON p.id = i."payoutId"
      WHERE e."lessonId" = r."lessonId" AND e."tutorId" = r."tutorId" AND e.kind = 'EARNING' LIMIT 1
    ) ep ON TRUE
    LEFT JOIN "Clawback" c ON c."sourceEntryId" = r.id
    WHERE r.kind = 'EARNING_REVERSAL'
      AND (${tutorId}::text IS NULL OR r."tutorId" = ${tutorId})
      AND (${lessonId}::text IS NULL OR r."lessonId" = ${lessonId})
      AND ep.status ${sqlIn(MONEY_WENT_OUT)}
      -- a reversal the earning's own payout already netted was never paid out
      AND NOT EXISTS (SELECT 1 FROM "PayoutItem" i WHERE i."ledgerEntryId" = r.id AND i."payoutId" = ep.id)
    ORDER BY r."createdAt" DESC, r.id
    LIMIT 200`;
  return rows.map((r) => {
    const owed = -r.amount;
    const reversal = r.clawbackState !== null && (CLAWBACK_RECOVERING_STATES as readonly string[]).includes(r.clawbackState);
    const base = {
      entryId: r.entryId,
      lessonId: r.lessonId,
      tutorId: r.tutorId,
      scheduledStart: r.scheduledStart,
      owed,
      currency: r.currency,
      clawbackState: r.clawbackState,
      providerReversalId: r.providerReversalId,
      createdAt: r.createdAt,
    };
    if (reversal) {
      const done = r.clawbackState === "SUCCEEDED";
      return {
        ...base,
        how: "transfer_reversal" as const,
        recovered: done ? owed : 0,
        status: done
          ? ("recovered" as const)
          : r.clawbackState === "WAITING"
            ? ("reversal_waiting" as const)
            : ("reversal_pending" as const),
      };
    }
    const paid = r.nettedStatus !== null && (PAID as readonly string[]).includes(r.nettedStatus);
    const live = r.nettedStatus !== null && !paid && (MONEY_WENT_OUT as readonly string[]).includes(r.nettedStatus);
    return {
      ...base,
      how: "netting" as const,
      recovered: paid ? owed : 0,
      status: paid ? ("recovered" as const) : live ? ("netting" as const) : ("owed" as const),
    };
  });
}

/** Totals for a summary line: owed back in all, recovered so far, still outstanding. */
export function clawbackTotals(lines: ClawbackLine[]) {
  const owed = lines.reduce((s, l) => s + l.owed, 0);
  const recovered = lines.reduce((s, l) => s + l.recovered, 0);
  return { owed, recovered, outstanding: owed - recovered, currency: lines[0]?.currency ?? "USD" };
}
