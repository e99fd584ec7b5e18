import "server-only";
// applyCommand's batched form, for time-driven commands given to many lessons at once (finalize at the top of the
// hour). Same lock order (the lessons, then their payments), the same pure transition() for each lesson, the same rows
// (built by transitionRows, like the single path's), in one transaction per batch — written set-wise: one UPDATE from
// arrays for the lessons, one for the payments, one INSERT each for operations and audit events.
// Lessons another transaction holds are skipped (SKIP LOCKED), so overlapping runs share the work instead of queueing.
import type { Lesson, Payment, Prisma } from "~/generated/prisma/client";
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { insertLedgerEntries, ledgerEntriesFor } from "~/server/ledger/ledger-effects";
import { lessonNotifications } from "~/server/notifications/lesson-events";
import { writeNotifications } from "~/server/notifications/write";
import { TX_OPTIONS, type LifecycleDeps } from "./apply-command";
import { disputeOfJson, lessonColumns, type OperationSummary, paymentColumns, stateFrom, type Tx } from "./state-rows";
import { insertFromArrays, updateFromArrays } from "./set-wise-sql";
import { transition } from "./transition";
import {
  AUDIT_COLUMN_TYPES,
  changedColumnTypes,
  LESSON_COLUMN_TYPES,
  OPERATION_COLUMN_TYPES,
  PAYMENT_WRITE_COLUMN_TYPES,
  type TransitionRows,
  transitionRows,
} from "./transition-rows";
import type { Actor, Command, LessonState } from "./types";

/** Which lessons a batch claims: a condition on "Lesson" rows, their order, and how many at most. */
export interface BatchClaim {
  where: Prisma.Sql;
  orderBy: Prisma.Sql;
  limit: number;
}

export interface BatchResult {
  claimed: number;
  changed: number;
  unchanged: number;
  rejected: number;
  operationIds: string[];
}

export async function applyCommandBatch(deps: LifecycleDeps, claim: BatchClaim, command: Command, actor: Actor): Promise<BatchResult> {
  return deps.db.$transaction(async (tx) => {
    const now = deps.now();
    const states = await lockClaimed(tx, claim);
    const result: BatchResult = { claimed: states.length, changed: 0, unchanged: 0, rejected: 0, operationIds: [] };
    const writes: { before: LessonState; next: LessonState; rows: TransitionRows }[] = [];
    for (const state of states) {
      const outcome = transition(state, command, { now, policy: deps.policy, actor });
      if (!outcome.ok) result.rejected += 1;
      else if (!outcome.changed) result.unchanged += 1;
      else writes.push({ before: state, next: outcome.next, rows: transitionRows(state, outcome, actor, now) });
    }
    result.changed = writes.length;
    if (writes.length === 0) return result;

    // Only the columns some lesson of the batch changed (a row that did not change one writes its own value back).
    await updateFromArrays(
      tx,
      "Lesson",
      changedColumnTypes(
        LESSON_COLUMN_TYPES,
        writes.map((w) => w.rows.lessonChanges),
      ),
      writes.map((w) => ({ id: w.next.lesson.id, ...lessonColumns(w.next.lesson) })),
    );
    const payments = writes.filter((w) => Object.keys(w.rows.paymentChanges).length > 0);
    await updateFromArrays(
      tx,
      "Payment",
      changedColumnTypes(
        PAYMENT_WRITE_COLUMN_TYPES,
        payments.map((w) => w.rows.paymentChanges),
      ),
      payments.map((w) => ({
        id: w.next.payment.id,
        ...paymentColumns(w.next.payment),
        authorizedAt: w.rows.paymentChanges.authorizedAt ?? null,
        capturedAt: w.rows.paymentChanges.capturedAt ?? null,
      })),
      // set only when the money moved in this change, as the single path does
      ["authorizedAt", "capturedAt"],
    );
    const operations = writes.flatMap((w) => w.rows.operations);
    await insertFromArrays(tx, "PaymentOperation", OPERATION_COLUMN_TYPES, operations, { withUpdatedAt: true });
    await insertFromArrays(
      tx,
      "AuditEvent",
      AUDIT_COLUMN_TYPES,
      writes.flatMap((w) => w.rows.audit),
    );
    // Ledger entries come with captures and refunds, which are provider outcomes given one by one: rare here.
    const ledger = writes.flatMap((w) => ledgerEntriesFor(w.before, w.next, now, deps.policy));
    await insertLedgerEntries(tx, ledger);
    // Alerts are rare (a tutor no-show) and need the one-open-alert rule's read: one by one, under the same locks.
    for (const alert of writes.flatMap((w) => w.rows.alerts)) await raiseAlertOnce(tx, alert, now);
    // The messages these changes cause, as the single path writes them (one INSERT for the batch).
    await writeNotifications(
      tx,
      writes.flatMap((w) => lessonNotifications(w.before, w.next, deps.policy, now)),
      now,
    );
    result.operationIds = operations.map((o) => o.id!);
    return result;
  }, TX_OPTIONS);
}

/**
 * Lock the claimed lessons (skipping those another transaction holds), then their payments, and build each state.
 * Two statements, like loadLockedState: the payments' read starts once the lesson locks are ours.
 */
async function lockClaimed(tx: Tx, claim: BatchClaim): Promise<LessonState[]> {
  const lessons = await tx.$queryRaw<Lesson[]>`
    SELECT * FROM "Lesson" WHERE ${claim.where} ORDER BY ${claim.orderBy} LIMIT ${claim.limit} FOR UPDATE SKIP LOCKED`;
  if (lessons.length === 0) return [];
  const payments = await tx.$queryRaw<(Payment & { operations: OperationSummary[]; dispute: Record<string, unknown> | null })[]>`
    SELECT p.*,
      COALESCE((SELECT json_agg(json_build_object('kind', o.kind, 'state', o.state, 'amount', o.amount))
                FROM "PaymentOperation" o WHERE o."paymentId" = p.id), '[]'::json) AS operations,
      (SELECT row_to_json(d) FROM "Dispute" d WHERE d."paymentId" = p.id ORDER BY d."openedAt" DESC, d.id LIMIT 1) AS dispute
    FROM "Payment" p WHERE p."lessonId" = ANY(${lessons.map((l) => l.id)}::text[]) ORDER BY p."lessonId" FOR UPDATE`;
  const byLesson = new Map(payments.map((p) => [p.lessonId, p]));
  return lessons.map((lesson) => {
    const payment = byLesson.get(lesson.id);
    if (!payment) throw new Error(`Lesson ${lesson.id} has no payment row`);
    const { operations, dispute, ...paymentRow } = payment;
    return stateFrom(lesson, paymentRow, operations, disputeOfJson(dispute));
  });
}
