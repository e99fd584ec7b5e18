import "server-only";
// THE writer of lesson and payment state. Every actor (student, tutor, cron, webhook,
// worker, admin, ops CLI) builds a Command and comes through here:
//   lock lesson + payment rows → re-read → pure transition → write state, audit
//   events, alerts and outbox operations in the same transaction.
// A command that changes nothing returns the current state: no error, no write.
// Provider calls never happen in here; the operation worker performs the outbox rows
// after commit (see src/server/payments/operation-worker.ts).
import { randomUUID } from "node:crypto";
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { writeLedgerEffects } from "~/server/ledger/ledger-effects";
import type { Services } from "~/server/services";
import { LIVE_OPERATION_STATES } from "~/shared/statuses";
import { changedColumns, lessonColumns, loadLockedState, paymentColumns, type Tx } from "./state-rows";
import { transition } from "./transition";
import type { Actor, Command, LessonState, Rejection, TransitionResult } from "./types";
import { auditEventData } from "~/server/audit/audit-event";
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
  if (before) {
    // Only the columns that changed, and no row sent back: this runs for every command and every provider outcome.
    await tx.lesson.updateMany({
      where: { id: next.lesson.id },
      data: changedColumns(lessonColumns(before.lesson), lessonColumns(next.lesson)),
    });
    const paymentChanges = changedColumns(paymentColumns(before.payment), paymentColumns(next.payment));
    if (Object.keys(paymentChanges).length > 0) {
      // When the money moved, for reports and the admin pages (not part of the pure state).
      const moved = next.payment.status !== before.payment.status ? next.payment.status : null;
      await tx.payment.updateMany({
        where: { id: next.payment.id },
        data: {
          ...paymentChanges,
          ...(moved === "AUTHORIZED" ? { authorizedAt: now } : {}),
          ...(moved === "CAPTURED" ? { capturedAt: now } : {}),
        },
      });
    }
  }

  await writeDisputeChange(tx, before?.dispute ?? null, next, now);

  const operationIds: string[] = [];
  for (const op of result.operations) {
    const id = randomUUID();
    operationIds.push(id);
    await tx.paymentOperation.create({
      data: {
        id,
        paymentId: next.payment.id,
        kind: op.kind,
        amount: op.amount,
        idempotencyKey: op.idempotencyKey,
        nextAttemptAt: op.runAt ?? now,
      },
    });
  }

  const audit = result.audit.map((fact) =>
    auditEventData({
      ...fact,
      at: now,
      actor,
      subject: { type: fact.subject, id: fact.subject === "LESSON" ? next.lesson.id : next.payment.id },
      lessonId: next.lesson.id,
      reason: fact.reason ?? reason ?? null,
    }),
  );
  const auditIds = audit.map((row) => row.id!);
  if (audit.length) await tx.auditEvent.createMany({ data: audit });

  for (const alert of result.alerts) {
    await raiseAlertOnce(tx, { ...alert, subjectType: "LESSON", subjectId: next.lesson.id, lessonId: next.lesson.id }, now);
  }
  // The messages this change causes commit with it (sent after commit by the notification worker).
  await writeNotifications(tx, lessonNotifications(before, next, policy, now), now);
  return { operationIds, auditIds };
}
