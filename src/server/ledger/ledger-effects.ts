import "server-only";
// The ledger entries a payment change implies, written in the SAME transaction as the
// change (by writeTransition, with the change's other rows). Entries are keyed (sourceId, kind) and the
// table is append-only, so a capture can credit the tutor once and a refund reverse once.
import { randomUUID } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { type ColumnTypes, insertFromArrays, insertFromArraysSql } from "~/server/lifecycle/set-wise-sql";
import { proportionalReversal } from "~/server/money";
import type { Policy } from "~/server/lifecycle/policy";
import { earningsAvailableAt } from "~/server/lifecycle/schedule";
import type { Tx } from "~/server/lifecycle/state-rows";
import type { LessonState } from "~/server/lifecycle/types";
import { openClawbacksForReversals } from "./clawback-on-reversal";
import { disputeEntries } from "./dispute-entries";

/** The columns a lifecycle change's ledger entries fill (see insertFromArrays). */
export const LEDGER_COLUMN_TYPES: Partial<Record<keyof Prisma.LedgerEntryCreateManyInput, string>> & ColumnTypes = {
  id: "text",
  tutorId: "text",
  kind: '"LedgerEntryKind"',
  amount: "int",
  currency: "text",
  sourceId: "text",
  lessonId: "text",
  paymentId: "text",
  payoutId: "text",
  availableAt: "timestamp",
  createdAt: "timestamp",
};

/** Entries of one or more changes in one statement; an entry its (sourceId, kind) already holds is skipped. */
export async function insertLedgerEntries(tx: Tx, entries: Prisma.LedgerEntryCreateManyInput[]) {
  await insertFromArrays(tx, "LedgerEntry", LEDGER_COLUMN_TYPES, entries, { skipDuplicates: true });
}

/** insertLedgerEntries' statement, for a writer that sends its rows together (see executeTogether). */
export function insertLedgerEntriesSql(entries: Prisma.LedgerEntryCreateManyInput[]) {
  return insertFromArraysSql("LedgerEntry", LEDGER_COLUMN_TYPES, entries, { skipDuplicates: true });
}

/** An earning reversed after it was paid out is clawed back (Stripe Connect): call once `entries` are written. */
export async function openClawbacksFor(tx: Tx, entries: Prisma.LedgerEntryCreateManyInput[], now: Date) {
  await openClawbacksForReversals(
    tx,
    entries.filter((e) => e.kind === "EARNING_REVERSAL").map((e) => e.id!),
    now,
  );
}

/** The entries of one change, as rows (the batched lifecycle path inserts many changes' entries in one statement). */
export function ledgerEntriesFor(
  before: LessonState | null,
  next: LessonState,
  now: Date,
  policy: Readonly<Policy>,
): Prisma.LedgerEntryCreateManyInput[] {
  if (!before) return [];
  const p0 = before.payment;
  const p1 = next.payment;
  const l = next.lesson;
  const base = { tutorId: l.tutorId, currency: p1.currency, lessonId: l.id, paymentId: p1.id, createdAt: now };
  const entries: Prisma.LedgerEntryCreateManyInput[] = [];

  if (p0.amountCaptured === 0 && p1.amountCaptured > 0) {
    entries.push(
      { id: randomUUID(), ...base, kind: "EARNING", amount: p1.tutorShare, sourceId: p1.id, availableAt: earningsAvailableAt(l, policy) },
      { id: randomUUID(), ...base, kind: "PLATFORM_FEE", amount: p1.platformFee, sourceId: p1.id },
    );
  }
  if (p1.amountRefunded > p0.amountRefunded && p1.amountCaptured > 0) {
    const r = proportionalReversal(
      { captured: p1.amountCaptured, platformFee: p1.platformFee, tutorShare: p1.tutorShare },
      p1.amountRefunded - p0.amountRefunded,
      // refunds and lost disputes take back from one capture: one cumulative rounding for both
      p0.amountRefunded + p0.amountDisputed,
    );
    // The source is the refund total reached: replays of the same refund can never reverse twice.
    const sourceId = `${p1.id}:refunded:${p1.amountRefunded}`;
    // A reversal becomes payable with its earning, so the two always settle in the same payout (or the next one).
    if (r.tutorShareReversed)
      entries.push({
        id: randomUUID(),
        ...base,
        kind: "EARNING_REVERSAL",
        amount: -r.tutorShareReversed,
        sourceId,
        availableAt: earningsAvailableAt(l, policy),
      });
    if (r.platformFeeReversed) entries.push({ id: randomUUID(), ...base, kind: "FEE_REVERSAL", amount: -r.platformFeeReversed, sourceId });
  }
  entries.push(...disputeEntries(before, next, base, earningsAvailableAt(l, policy)));
  return entries;
}
