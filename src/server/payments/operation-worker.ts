import "server-only";
// The outbox worker. Claims due operations with FOR UPDATE SKIP LOCKED (so any number
// of workers — the post-commit kick, every cron tick, the ops CLI — can run at once
// without two of them taking the same row), marks them IN_FLIGHT and commits, calls the
// provider outside any transaction, then records the outcome through applyCommand in
// the same transaction that finishes the operation row.
import { randomUUID } from "node:crypto";
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { sqlIn } from "~/server/db/status-sql";
import { applyCommand, type LifecycleDeps } from "~/server/lifecycle/apply-command";
import { operationRetryDelayMs } from "~/server/lifecycle/policy";
import type { Services } from "~/server/services";
import { CLAIMABLE_OPERATION_STATES } from "~/shared/statuses";
import { performOperation, type OperationContext, type OperationOutcome } from "./perform-operation";
import { performDisputeEvidence } from "~/server/disputes/perform-evidence";
import { recordIntentObservation, releaseStrayObjects } from "./stray-objects";

/** What the worker reads from Services: the lifecycle's needs and the (rate-limited) Stripe gateway. */
export type WorkerDeps = LifecycleDeps & Pick<Services, "stripe">;

export interface WorkerReport {
  claimed: number;
  succeeded: number;
  failed: number;
  unknown: number;
  retrying: number;
}

interface ClaimedRow {
  id: string;
  paymentId: string;
  kind: OperationContext["kind"];
  amount: number | null;
  idempotencyKey: string;
  attempts: number;
  previousState: "PENDING" | "UNKNOWN";
  /** the previous attempt's error (the claim does not change it) */
  lastError: string | null;
  // The payment, read by the claim itself (one query fewer per operation).
  lessonId: string;
  paymentIntentId: string | null;
  customerId: string | null;
  paymentMethodId: string | null;
  currency: string;
  authorizationMode: "ON_SESSION" | "OFF_SESSION";
  amountRefunded: number;
}

export async function runDueOperations(
  deps: WorkerDeps,
  opts: { batchSize?: number; maxOperations?: number; stopAt?: number; onlyIds?: string[]; workerId?: string } = {},
): Promise<WorkerReport> {
  const report: WorkerReport = { claimed: 0, succeeded: 0, failed: 0, unknown: 0, retrying: 0 };
  const workerId = opts.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  // A sliding window rather than batch-then-wait: the provider answers one call in hundreds
  // of milliseconds, so new work is claimed while earlier calls are still out (refilled in
  // bulk once half the window is free, to keep claim queries few).
  const windowSize = opts.batchSize ?? 50;
  const max = opts.maxOperations ?? Number.POSITIVE_INFINITY;
  const inFlight = new Set<Promise<void>>();
  let exhausted = false;
  const canClaim = () => !exhausted && report.claimed < max && (opts.stopAt === undefined || performance.now() < opts.stopAt);
  for (;;) {
    if (canClaim() && inFlight.size <= windowSize / 2) {
      const claimed = await claim(deps, Math.min(windowSize - inFlight.size, max - report.claimed), workerId, opts.onlyIds);
      if (claimed.length === 0) exhausted = true;
      for (const row of claimed) {
        report.claimed += 1;
        const task: Promise<void> = processOne(deps, row, workerId)
          .then((o) => {
            report[o] += 1;
          })
          .catch((err: unknown) => {
            // The row stays IN_FLIGHT; the sweep hands it back as UNKNOWN and it is reconciled.
            console.error(`operation ${row.id} could not be recorded:`, err);
            report.unknown += 1;
          })
          .finally(() => {
            inFlight.delete(task);
            exhausted = false; // an outcome may have queued a follow-up operation (e.g. a void)
          });
        inFlight.add(task);
      }
      if (claimed.length > 0) continue;
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight);
  }
  return report;
}

async function claim(deps: WorkerDeps, limit: number, workerId: string, onlyIds?: string[]): Promise<ClaimedRow[]> {
  const now = deps.now();
  const idFilter = onlyIds ?? null;
  return deps.db.$queryRaw<ClaimedRow[]>`
    WITH due AS (
      SELECT id, state FROM "PaymentOperation"
      WHERE state ${sqlIn(CLAIMABLE_OPERATION_STATES)} AND "nextAttemptAt" <= ${now}
        AND (${idFilter}::text[] IS NULL OR id = ANY(${idFilter}::text[]))
      ORDER BY "nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "PaymentOperation" o
    SET state = 'IN_FLIGHT', attempts = o.attempts + 1, "claimedAt" = ${now}, "claimedBy" = ${workerId}, "updatedAt" = ${now}
    FROM due, "Payment" p WHERE o.id = due.id AND p.id = o."paymentId"
    RETURNING o.id, o."paymentId", o.kind, o.amount, o."idempotencyKey", o.attempts, o."lastError", due.state AS "previousState",
      p."lessonId", p."providerPaymentIntentId" AS "paymentIntentId", p."providerCustomerId" AS "customerId",
      p."providerPaymentMethodId" AS "paymentMethodId", p.currency, p."authorizationMode", p."amountRefunded"`;
}

async function processOne(deps: WorkerDeps, row: ClaimedRow, workerId: string): Promise<keyof WorkerReport> {
  const ctx: OperationContext = {
    operationId: row.id,
    kind: row.kind,
    amount: row.amount,
    idempotencyKey: row.idempotencyKey,
    // A second attempt of anything may follow a lost answer: look before acting.
    reconcileFirst: row.previousState === "UNKNOWN" || row.attempts > 1,
    attempt: row.attempts,
    previousError: row.lastError,
    lessonId: row.lessonId,
    paymentId: row.paymentId,
    paymentIntentId: row.paymentIntentId,
    customerId: row.customerId,
    paymentMethodId: row.paymentMethodId,
    currency: row.currency,
    offSession: row.authorizationMode === "OFF_SESSION",
    knownRefunded: row.amountRefunded,
  };
  const outcome = row.kind === "DISPUTE_EVIDENCE" ? await performDisputeEvidence(deps, ctx) : await performOperation(deps.stripe, ctx);
  const result = await recordOutcome(deps, row, row.lessonId, outcome, workerId);
  // Releases asked for by the outcome are performed now, after commit (the sweep performs any left over).
  if (outcome.kind === "record" && outcome.strayIntents?.length) await releaseStrayObjects(deps);
  return result;
}

export async function recordOutcome(
  deps: WorkerDeps,
  row: Pick<ClaimedRow, "id" | "attempts" | "paymentId">,
  lessonId: string,
  outcome: OperationOutcome,
  workerId: string,
): Promise<keyof WorkerReport> {
  if (outcome.kind === "record") {
    await applyCommand(
      deps,
      lessonId,
      outcome.command,
      { type: "WORKER", id: workerId },
      {
        finishOperation: {
          operationId: row.id,
          state: outcome.finish,
          error: outcome.error ?? null,
          providerObjectId: outcome.providerObjectId ?? null,
        },
        // A second PaymentIntent of ours that holds money is recorded and released, never applied to the payment.
        alsoInTransaction: outcome.strayIntents?.length
          ? async (tx) => {
              const now = deps.now();
              for (const pi of outcome.strayIntents ?? []) {
                await recordIntentObservation(
                  tx,
                  {
                    pi,
                    relation: "STRAY",
                    payment: { id: row.paymentId, lessonId },
                    release: true,
                    why: "a second PaymentIntent of this payment, found by the payment worker",
                  },
                  now,
                );
              }
            }
          : undefined,
      },
    );
    return outcome.finish === "SUCCEEDED" ? "succeeded" : "failed";
  }
  const now = deps.now();
  const delay = operationRetryDelayMs(row.attempts, deps.policy);
  // Only while the claim is still ours. A worker slower than STUCK_IN_FLIGHT_MS has had its claim handed to another
  // worker by the sweep, which may have finished the operation since; "we don't know" from the stale claim must not
  // reopen it (nor overwrite the newer claim's state).
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.paymentOperation.updateMany({
      where: { id: row.id, state: "IN_FLIGHT", claimedBy: workerId, attempts: row.attempts },
      data: {
        state: outcome.kind === "unknown" ? "UNKNOWN" : "PENDING",
        lastError: outcome.error,
        nextAttemptAt: new Date(now.getTime() + delay),
      },
    });
    // Raised under the operation's row lock (the update above holds it), in the same transaction as the retry it is about.
    if (count > 0 && row.attempts >= deps.policy.operationRetry.alertAfterAttempts) {
      await raiseAlertOnce(
        tx,
        {
          type: "OPERATION_RETRYING",
          severity: "WARNING",
          subjectType: "OPERATION",
          subjectId: row.id,
          lessonId,
          message: `A payment operation has failed ${row.attempts} times and keeps retrying: ${outcome.error}`,
        },
        now,
      );
    }
  });
  return outcome.kind === "unknown" ? "unknown" : "retrying";
}
