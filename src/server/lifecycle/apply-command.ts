import "server-only";
// THE writer of lesson and payment state. Every actor (student, tutor, cron, webhook,
// worker, admin, ops CLI) builds a Command and comes through here:
//   lock lesson + payment rows → re-read → pure transition → write state, audit
//   events, alerts and outbox operations in the same transaction.
// A command that changes nothing returns the current state: no error, no write.
// Provider calls never happen in here; the operation worker performs the outbox rows
// after commit (see src/server/payments/operation-worker.ts).
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { insertLedgerEntriesSql, ledgerEntriesFor, openClawbacksFor } from "~/server/ledger/ledger-effects";
import { Prisma } from "~/generated/prisma/client";
import { sqlIn } from "~/server/db/status-sql";
import type { Services } from "~/server/services";
import { LIVE_OPERATION_STATES } from "~/shared/statuses";
import { loadLockedState, type Tx } from "./state-rows";
import { executeTogether, insertFromArraysSql, instantSql, updateFromArraysSql } from "./set-wise-sql";
import {
  AUDIT_COLUMN_TYPES,
  changedColumnTypes,
  LESSON_COLUMN_TYPES,
  OPERATION_COLUMN_TYPES,
  PAYMENT_WRITE_COLUMN_TYPES,
  type TransitionRows,
  transitionRows,
} from "./transition-rows";
import { transition } from "./transition";
import type { Actor, Command, LessonState, Rejection, TransitionResult } from "./types";
import { writeDisputeChange } from "./dispute-rows";
// Not the folder's index: the lifecycle needs only the (pure) event rules and the row writer, not the mailer.
import { lessonNotifications } from "~/server/notifications/lesson-events";
import { writeNotificationsSql } from "~/server/notifications/write";
import { defaultPolicy, type Policy } from "./policy";

/** What the lifecycle reads from Services: the database, the business numbers and the clock. */
export type LifecycleDeps = Pick<Services, "db" | "policy" | "now">;

/** Marks the operation whose outcome this command records, in the same transaction. */
export interface FinishOperation {
  operationId: string;
  state: "SUCCEEDED" | "FAILED";
  error?: string | null;
  providerObjectId?: string | null;
}

export type ApplyResult =
  | {
      ok: true;
      changed: boolean;
      state: LessonState;
      operationIds: string[];
      auditIds: string[];
      /** the messages the change wrote (to be sent after commit): none means no sending to kick */
      notifications: number;
    }
  | { ok: false; rejection: Rejection; state: LessonState | null };

export const TX_OPTIONS = { maxWait: 20_000, timeout: 30_000 } as const;

export async function applyCommand(
  deps: LifecycleDeps,
  lessonId: string,
  command: Command,
  actor: Actor,
  opts: {
    finishOperation?: FinishOperation;
    reason?: string;
    /** more writes that must commit (or roll back) with this command, e.g. a webhook's event id */
    alsoInTransaction?: (tx: Tx) => Promise<void>;
    /**
     * Apply only if this holds for the state read under the row lock; otherwise change nothing and return the current
     * state. For callers that decided to act on an earlier, unlocked read (the sweep's provider check), so the
     * decision is re-made on the locked rows. Not combinable with finishOperation / alsoInTransaction.
     */
    onlyIf?: (state: LessonState) => boolean;
    /**
     * More writes that belong to a change this command made (skipped when it changes nothing), under the same row
     * locks: e.g. the sweep's alert about the repair it made.
     */
    onChanged?: (tx: Tx, now: Date) => Promise<void>;
  } = {},
): Promise<ApplyResult> {
  return deps.db.$transaction(async (tx) => {
    const now = deps.now();
    const state = await loadLockedState(tx, lessonId);
    if (!state) {
      return {
        ok: false as const,
        rejection: { ok: false as const, code: "NOT_FOUND", message: "This lesson does not exist." },
        state: null,
      };
    }
    if (opts.onlyIf && !opts.onlyIf(state))
      return { ok: true as const, changed: false, state, operationIds: [], auditIds: [], notifications: 0 };
    const outcome = transition(state, command, { now, policy: deps.policy, actor });
    if (opts.alsoInTransaction) await opts.alsoInTransaction(tx);
    // The operation's outcome goes out with the change it caused: one round trip for all of the command's rows.
    const finishing = opts.finishOperation ? finishOperationSql(opts.finishOperation, now) : [];
    if (!outcome.ok || !outcome.changed) {
      await executeTogether(tx, finishing);
      return outcome.ok
        ? { ok: true as const, changed: false, state, operationIds: [], auditIds: [], notifications: 0 }
        : { ok: false as const, rejection: outcome, state };
    }
    const written = await writeTransition(tx, state, outcome, actor, now, opts.reason, deps.policy, finishing);
    if (opts.onChanged) await opts.onChanged(tx, now);
    return { ok: true as const, changed: true, state: outcome.next, ...written };
  }, TX_OPTIONS);
}

/**
 * A definitive outcome finishes the operation from any live state (even a claim the sweep handed to another worker:
 * the provider's answer is the same for both). An operation already finished keeps its outcome. "Keeps retrying" is
 * no longer true once it succeeded: nobody has anything left to do about that alert.
 */
function finishOperationSql(f: FinishOperation, now: Date): Prisma.Sql[] {
  const finish = Prisma.sql`UPDATE "PaymentOperation" SET state = ${f.state}::"OperationState", "completedAt" = ${instantSql(now)},
      "lastError" = ${f.error ?? null}, "providerObjectId" = COALESCE(${f.providerObjectId ?? null}, "providerObjectId"),
      "updatedAt" = ${instantSql(new Date())}
    WHERE id = ${f.operationId} AND state ${sqlIn(LIVE_OPERATION_STATES)}`;
  if (f.state !== "SUCCEEDED") return [finish];
  const resolve = Prisma.sql`UPDATE "Alert" SET "resolvedAt" = ${instantSql(now)}, "resolvedBy" = 'lifecycle',
      resolution = 'the operation succeeded'
    WHERE type = 'OPERATION_RETRYING' AND "subjectType" = 'OPERATION' AND "subjectId" = ${f.operationId} AND "resolvedAt" IS NULL`;
  return [finish, resolve];
}

/**
 * Writes one transition's effects: the lesson's and payment's changed columns, new operations, audit events,
 * notifications and ledger entries in one statement (with `alongWith`, e.g. the finished operation), then what needs
 * reads of its own (a dispute's row, clawbacks, alerts). Also used by booking, whose "before" is nothing.
 */
export async function writeTransition(
  tx: Tx,
  before: LessonState | null,
  result: TransitionResult,
  actor: Actor,
  now: Date,
  reason?: string,
  policy: Readonly<Policy> = defaultPolicy,
  alongWith: readonly Prisma.Sql[] = [],
): Promise<{ operationIds: string[]; auditIds: string[]; notifications: number }> {
  const { next } = result;
  const rows = transitionRows(before, result, actor, now, reason);
  await writeDisputeChange(tx, before?.dispute ?? null, next, now);
  const ledger = ledgerEntriesFor(before, next, now, policy);
  const operations = insertFromArraysSql("PaymentOperation", OPERATION_COLUMN_TYPES, rows.operations, { withUpdatedAt: true });
  // A new operation may be of the kind that `alongWith` finishes (one live operation per kind): the parts of one
  // statement run in no fixed order, so it goes in after the operation it replaces has finished.
  const operationsAfter = alongWith.length > 0 && operations !== null;
  const notifications = lessonNotifications(before, next, policy, now);
  await executeTogether(tx, [
    ...alongWith,
    ...(before ? changeSql(next, rows) : []),
    operationsAfter ? null : operations,
    insertFromArraysSql("AuditEvent", AUDIT_COLUMN_TYPES, rows.audit),
    // The messages this change causes commit with it (sent after commit by the notification worker).
    writeNotificationsSql(notifications, now),
    insertLedgerEntriesSql(ledger),
  ]);
  if (operationsAfter) await executeTogether(tx, [operations]);
  await openClawbacksFor(tx, ledger, now);
  for (const alert of rows.alerts) await raiseAlertOnce(tx, alert, now);
  return {
    operationIds: rows.operations.map((o) => o.id!),
    auditIds: rows.audit.map((a) => a.id!),
    notifications: notifications.length + rows.alerts.length,
  };
}

/** Only the columns that changed, and no row sent back: this runs for every command and every provider outcome. */
function changeSql(next: LessonState, rows: TransitionRows): (Prisma.Sql | null)[] {
  const { lessonChanges, paymentChanges } = rows;
  return [
    Object.keys(lessonChanges).length > 0
      ? updateFromArraysSql("Lesson", changedColumnTypes(LESSON_COLUMN_TYPES, [lessonChanges]), [{ id: next.lesson.id, ...lessonChanges }])
      : null,
    Object.keys(paymentChanges).length > 0
      ? updateFromArraysSql("Payment", changedColumnTypes(PAYMENT_WRITE_COLUMN_TYPES, [paymentChanges]), [
          { id: next.payment.id, ...paymentChanges },
        ])
      : null,
  ];
}
