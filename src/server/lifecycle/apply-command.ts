import "server-only";
// THE writer of lesson and payment state. Every actor (student, tutor, cron, webhook,
// worker, admin, ops CLI) builds a Command and comes through here:
//   lock lesson + payment rows → re-read → pure transition → write state, audit
//   events, alerts and outbox operations in the same transaction.
// A command that changes nothing returns the current state: no error, no write.
// Provider calls never happen in here; the operation worker performs the outbox rows
// after commit (see src/server/payments/operation-worker.ts).
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { writeLedgerEffects } from "~/server/ledger/ledger-effects";
import type { Services } from "~/server/services";
import { LIVE_OPERATION_STATES } from "~/shared/statuses";
import { loadLockedState, type Tx } from "./state-rows";
import { insertFromArrays } from "./set-wise-sql";
import { AUDIT_COLUMN_TYPES, transitionRows } from "./transition-rows";
import { transition } from "./transition";
import type { Actor, Command, LessonState, Rejection, TransitionResult } from "./types";
import { writeDisputeChange } from "./dispute-rows";
// Not the folder's index: the lifecycle needs only the (pure) event rules and the row writer, not the mailer.
import { lessonNotifications } from "~/server/notifications/lesson-events";
import { writeNotifications } from "~/server/notifications/write";
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
  | { ok: true; changed: boolean; state: LessonState; operationIds: string[]; auditIds: string[] }
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
    if (opts.onlyIf && !opts.onlyIf(state)) return { ok: true as const, changed: false, state, operationIds: [], auditIds: [] };
    const outcome = transition(state, command, { now, policy: deps.policy, actor });
    if (opts.finishOperation) await finishOperation(tx, opts.finishOperation, now);
    if (opts.alsoInTransaction) await opts.alsoInTransaction(tx);
    if (!outcome.ok) return { ok: false as const, rejection: outcome, state };
    if (!outcome.changed) return { ok: true as const, changed: false, state, operationIds: [], auditIds: [] };
    const written = await writeTransition(tx, state, outcome, actor, now, opts.reason, deps.policy);
    await writeLedgerEffects(tx, state, outcome.next, now, deps.policy);
    if (opts.onChanged) await opts.onChanged(tx, now);
    return { ok: true as const, changed: true, state: outcome.next, ...written };
  }, TX_OPTIONS);
}

async function finishOperation(tx: Tx, f: FinishOperation, now: Date) {
  // A definitive outcome finishes the operation from any live state (even a claim the sweep handed to another worker:
  // the provider's answer is the same for both). An operation already finished keeps its outcome.
  await tx.paymentOperation.updateMany({
    where: { id: f.operationId, state: { in: [...LIVE_OPERATION_STATES] } },
    data: {
      state: f.state,
      completedAt: now,
      lastError: f.error ?? null,
      ...(f.providerObjectId ? { providerObjectId: f.providerObjectId } : {}),
    },
  });
  // "keeps retrying" is no longer true once it succeeded: nobody has anything left to do about it
  if (f.state === "SUCCEEDED") {
    await tx.alert.updateMany({
      where: { type: "OPERATION_RETRYING", subjectType: "OPERATION", subjectId: f.operationId, resolvedAt: null },
      data: { resolvedAt: now, resolvedBy: "lifecycle", resolution: "the operation succeeded" },
    });
  }
}

/** Writes one transition's effects. Also used by booking, whose "before" is nothing. */
export async function writeTransition(
  tx: Tx,
  before: LessonState | null,
  result: TransitionResult,
  actor: Actor,
  now: Date,
  reason?: string,
  policy: Readonly<Policy> = defaultPolicy,
): Promise<{ operationIds: string[]; auditIds: string[] }> {
  const { next } = result;
  const rows = transitionRows(before, result, actor, now, reason);
  if (before) {
    // Only the columns that changed, and no row sent back: this runs for every command and every provider outcome.
    await tx.lesson.updateMany({ where: { id: next.lesson.id }, data: rows.lessonChanges });
    if (Object.keys(rows.paymentChanges).length > 0) {
      await tx.payment.updateMany({ where: { id: next.payment.id }, data: rows.paymentChanges });
    }
  }
  await writeDisputeChange(tx, before?.dispute ?? null, next, now);
  for (const op of rows.operations) await tx.paymentOperation.create({ data: op });
  await insertFromArrays(tx, "AuditEvent", AUDIT_COLUMN_TYPES, rows.audit);
  for (const alert of rows.alerts) await raiseAlertOnce(tx, alert, now);
  // The messages this change causes commit with it (sent after commit by the notification worker).
  await writeNotifications(tx, lessonNotifications(before, next, policy, now), now);
  return { operationIds: rows.operations.map((o) => o.id!), auditIds: rows.audit.map((a) => a.id!) };
}
