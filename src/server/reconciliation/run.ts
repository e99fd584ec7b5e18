import "server-only";
// One reconciliation pass over the whole book, in phases, resumable: the pass is a ReconciliationRun whose cursor
// (phase + the last id read) is saved after every page, so a run stopped by its time budget (a cron function's limit)
// or a crash resumes where it was on the next invocation. Two invocations never walk one run at once: each holds the
// run's lease (leasedUntil, set with a compare-and-set) and renews it per page. Findings are idempotent anyway
// (one open discrepancy per kind and subject), so a lost lease costs duplicate reads, never duplicate rows.
import { randomUUID } from "node:crypto";
import type { JobBudget } from "~/server/jobs/run-each";
import type { Services } from "~/server/services";
import { emptyTally, type Pass, type StepResult, type Tally } from "./pass";
import { missingPaymentsStep, missingTransfersStep, paypalStep } from "./walk-ours";
import { disputeStep, paymentIntentStep, transferStep } from "./walk-stripe";

/** In order: the provider's lists first (they mark what exists), then our rows the lists did not show. */
export const PHASES = ["payment_intents", "transfers", "disputes", "paypal_payouts", "our_payments", "our_payouts"] as const;
export type Phase = (typeof PHASES)[number];

const STEPS: Record<Phase, (pass: Pass, after: string | null) => Promise<StepResult>> = {
  payment_intents: paymentIntentStep,
  transfers: transferStep,
  disputes: disputeStep,
  paypal_payouts: paypalStep,
  our_payments: missingPaymentsStep,
  our_payouts: missingTransfersStep,
};

interface Cursor {
  phase: Phase | "done";
  after: string | null;
}

const LEASE_MS = 2 * 60_000;

export interface ReconcileOptions {
  /** start a new pass over objects created since then (an unfinished pass is superseded) */
  since?: Date;
  /** start a pass even if the last one began less than reconcileIntervalMs ago (the ops command) */
  force?: boolean;
  budget?: JobBudget & { maxPages?: number };
}

export type ReconcileReport =
  | { state: "not_due"; lastStartedAt: Date }
  | { state: "busy"; runId: string }
  | ({ state: "finished" | "paused"; runId: string; since: Date; phase: Cursor["phase"]; pages: number } & Tally);

async function openRun(services: Services, opts: ReconcileOptions) {
  const { db, policy } = services;
  const now = services.now();
  const unfinished = await db.reconciliationRun.findFirst({ where: { status: "RUNNING" }, orderBy: { startedAt: "desc" } });
  if (unfinished && !opts.since) return { run: unfinished, resumed: true };
  if (!unfinished && !opts.since && !opts.force) {
    const last = await db.reconciliationRun.findFirst({ orderBy: { startedAt: "desc" }, select: { startedAt: true } });
    if (last && now.getTime() - last.startedAt.getTime() < policy.reconcileIntervalMs) return { notDue: last.startedAt };
  }
  if (unfinished) await db.reconciliationRun.updateMany({ where: { status: "RUNNING" }, data: { status: "SUPERSEDED", finishedAt: now } });
  const cursor: Cursor = { phase: PHASES[0], after: null };
  const run = await db.reconciliationRun.create({
    data: {
      id: randomUUID(),
      startedAt: now,
      since: opts.since ?? new Date(now.getTime() - policy.reconcileLookbackMs),
      cursor: cursor as never,
      status: "RUNNING",
    },
  });
  return { run, resumed: false };
}

/** Walks (or resumes) a pass until it is done, the budget's deadline passes or maxPages pages were read. */
export async function reconcile(services: Services, opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const { db } = services;
  const opened = await openRun(services, opts);
  if ("notDue" in opened) return { state: "not_due", lastStartedAt: opened.notDue! };
  const { run } = opened;
  const lease = async () =>
    (
      await db.reconciliationRun.updateMany({
        where: { id: run.id, status: "RUNNING", OR: [{ leasedUntil: null }, { leasedUntil: { lt: services.now() } }] },
        data: { leasedUntil: new Date(services.now().getTime() + LEASE_MS) },
      })
    ).count === 1;
  if (!(await lease())) return { state: "busy", runId: run.id };

  const pass: Pass = { services, runId: run.id, startedAt: run.startedAt, since: run.since, tally: emptyTally() };
  let cursor = run.cursor as unknown as Cursor;
  let pages = 0;
  const { stopAt, maxPages } = opts.budget ?? {};
  while (cursor.phase !== "done") {
    if ((stopAt !== undefined && performance.now() >= stopAt) || (maxPages !== undefined && pages >= maxPages)) break;
    const before = { ...pass.tally };
    const step = await STEPS[cursor.phase](pass, cursor.after);
    pages += 1;
    const nextPhase = PHASES[PHASES.indexOf(cursor.phase) + 1] ?? "done";
    cursor = step.done ? { phase: nextPhase, after: null } : { phase: cursor.phase, after: step.after };
    const d = (k: keyof Tally) => pass.tally[k] - before[k];
    await db.reconciliationRun.update({
      where: { id: run.id },
      data: {
        cursor: cursor as never,
        providerCalls: { increment: d("providerCalls") },
        objectsSeen: { increment: d("objectsSeen") },
        rowsChecked: { increment: d("rowsChecked") },
        discrepancies: { increment: d("opened") },
        repaired: { increment: d("repaired") },
        leasedUntil: cursor.phase === "done" ? null : new Date(services.now().getTime() + LEASE_MS),
        ...(cursor.phase === "done" ? { status: "DONE", finishedAt: services.now() } : {}),
      },
    });
  }
  if (cursor.phase !== "done") await db.reconciliationRun.update({ where: { id: run.id }, data: { leasedUntil: null } });
  return {
    state: cursor.phase === "done" ? "finished" : "paused",
    runId: run.id,
    since: run.since,
    phase: cursor.phase,
    pages,
    ...pass.tally,
  };
}
