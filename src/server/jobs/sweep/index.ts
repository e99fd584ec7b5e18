import type { Prisma } from "~/generated/prisma/client";
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { applyCommand } from "~/server/lifecycle/apply-command";
import { captureDeadlineAlert } from "~/server/lifecycle/schedule";
import { loadLockedState } from "~/server/lifecycle/state-rows";
import type { Services } from "~/server/services";
import { type JobBudget, runEach } from "./run-each";

const SWEEP = { type: "CRON" as const, id: "sweep" };

/** An IN_FLIGHT claim older than this belongs to a worker that died: its outcome is unknown. */
export const STUCK_IN_FLIGHT_MS = 2 * 60_000;

/**
 * The safety net, with NO time window (the system this replaces only looked back one hour):
 * (a) orphans — any terminal lesson whose payment is still held (or not yet settled) with
 *     no live operation, and lessons the finalize cron missed → SWEEP (alert + the operation);
 * (b) operations stuck in flight → UNKNOWN, so the worker reconciles them with the provider;
 * (c) holds within 24 h of captureBefore on lessons not yet over → alert;
 * (d) payments whose provider state disagrees with ours → repaired through commands.
 */
export async function sweep(services: Services, budget: JobBudget = {}) {
  const now = services.now();
  const { db, policy } = services;
  const report = { orphansSwept: 0, overdueFinalized: 0, stuckOperations: 0, deadlineAlerts: 0, reconciled: 0, repaired: 0 };

  // (a) orphans, however old
  const orphans = await db.$queryRaw<{ id: string }[]>`
    SELECT l.id FROM "Lesson" l JOIN "Payment" p ON p."lessonId" = l.id
    WHERE (
        (l.status IN ('COMPLETED', 'CANCELLED', 'NO_SHOW') AND p.status IN ('AUTHORIZED', 'AWAITING_AUTHORIZATION'))
        OR (l.status IN ('SCHEDULED', 'IN_PROGRESS', 'ENDED_EARLY') AND l."scheduledEnd" < ${new Date(now.getTime() - policy.finalizeGraceMs)})
      )
      AND NOT EXISTS (
        SELECT 1 FROM "PaymentOperation" o
        WHERE o."paymentId" = p.id AND o.state IN ('PENDING', 'IN_FLIGHT', 'UNKNOWN')
      )
    ORDER BY l."scheduledEnd" ASC
    LIMIT ${budget.batchSize ?? 500}`;
  await runEach(orphans, budget.concurrency ?? 8, budget.stopAt, async ({ id }) => {
    const before = await db.lesson.findUnique({ where: { id }, select: { status: true } });
    const r = await applyCommand(services, id, { type: "SWEEP" }, SWEEP);
    if (r.ok && r.changed) {
      if (before && ["SCHEDULED", "IN_PROGRESS", "ENDED_EARLY"].includes(before.status)) report.overdueFinalized += 1;
      else report.orphansSwept += 1;
    }
  });

  // (b) stuck in flight: the worker that claimed them is gone
  report.stuckOperations = await db.paymentOperation
    .updateMany({
      where: { state: "IN_FLIGHT", claimedAt: { lt: new Date(now.getTime() - STUCK_IN_FLIGHT_MS) } },
      data: { state: "UNKNOWN", nextAttemptAt: now, lastError: "worker stopped before recording the outcome; reconciling" },
    })
    .then((r) => r.count);

  // (d) compare with the provider: holds that should have lapsed first, then the least recently checked. Two
  // queries, because one ordered by captureBefore would check the same soonest-to-lapse holds on every run and
  // never reach the rest once there are more than a batch of them: the rotation (reconciledAt) must lead.
  const checkLimit = budget.batchSize ? Math.min(budget.batchSize, 100) : 100;
  const held: Prisma.PaymentWhereInput = {
    status: "AUTHORIZED",
    providerPaymentIntentId: { not: null },
    operations: { none: { state: { in: ["PENDING", "IN_FLIGHT", "UNKNOWN"] } } },
  };
  const select = { id: true, lessonId: true, providerPaymentIntentId: true } as const;
  const lapsed = await db.payment.findMany({
    where: { ...held, captureBefore: { lte: now } },
    orderBy: { captureBefore: "asc" },
    select,
    take: checkLimit,
  });
  const toCheck = [
    ...lapsed,
    ...(await db.payment.findMany({
      where: { ...held, id: { notIn: lapsed.map((p) => p.id) } },
      orderBy: [{ reconciledAt: { sort: "asc", nulls: "first" } }, { captureBefore: "asc" }],
      select,
      take: checkLimit - lapsed.length,
    })),
  ];
  await runEach(toCheck, 4, budget.stopAt, async (p) => {
    const pi = await services.stripe.retrievePaymentIntent(p.providerPaymentIntentId!).catch(() => null);
    if (!pi) return;
    report.reconciled += 1;
    await db.payment.update({ where: { id: p.id }, data: { reconciledAt: now } });
    const lapsed = pi.status === "canceled" && (pi.cancellationReason === "automatic" || pi.cancellationReason === "expired");
    const command =
      pi.status === "succeeded"
        ? ({ type: "CAPTURE_SUCCEEDED", amountCaptured: pi.amountReceived } as const)
        : lapsed
          ? ({ type: "AUTHORIZATION_EXPIRED" } as const)
          : pi.status === "canceled"
            ? ({ type: "VOID_SUCCEEDED" } as const)
            : null;
    if (!command) return;
    // Only repair a payment that still has nothing in flight once its row is locked. Between this job's read and
    // Stripe's answer, finalize or an admin may have asked for the capture (or void) that Stripe now reports; that
    // operation's worker records it (reconciling if its answer was lost). Recording it here instead would report our
    // own capture as a provider mismatch.
    const r = await applyCommand(
      services,
      p.lessonId,
      command,
      { type: "CRON", id: "sweep-reconcile" },
      {
        reason: `provider says ${pi.status}`,
        onlyIf: (state) => state.liveOperations.length === 0,
      },
    );
    if (r.ok && r.changed) {
      report.repaired += 1;
      // A lapsed hold is Stripe doing what it said it would; the transition already raised AUTHORIZATION_EXPIRED,
      // and a second alert for the same event would only make the queue longer.
      if (command.type === "AUTHORIZATION_EXPIRED") return;
      await openAlert(
        services,
        p.lessonId,
        "PROVIDER_MISMATCH",
        "WARNING",
        `Our records said AUTHORIZED but Stripe says ${pi.status}${pi.cancellationReason ? ` (${pi.cancellationReason})` : ""}; repaired.`,
        now,
      );
    }
  });

  // (c) capture deadlines on lessons not over yet. After (d), so a hold that has already lapsed is recorded as
  // EXPIRED (one alert for one event) rather than first reported as "nearing its deadline".
  const nearing = await db.payment.findMany({
    where: {
      status: "AUTHORIZED",
      captureBefore: { lte: new Date(now.getTime() + policy.captureDeadlineWarningMs) },
      lesson: { status: { in: ["SCHEDULED", "IN_PROGRESS", "ENDED_EARLY"] } },
    },
    select: { lessonId: true },
    take: budget.batchSize ?? 500,
  });
  for (const { lessonId } of nearing) {
    if (await raiseDeadlineAlert(services, lessonId, now)) report.deadlineAlerts += 1;
  }

  return report;
}

async function raiseDeadlineAlert(services: Services, lessonId: string, now: Date): Promise<boolean> {
  return services.db.$transaction(async (tx) => {
    const state = await loadLockedState(tx, lessonId);
    if (!state) return false;
    const alert = captureDeadlineAlert(state, now, services.policy);
    if (!alert) return false;
    return (await raiseAlertOnce(tx, { ...alert, subjectType: "LESSON", subjectId: lessonId, lessonId }, now)) !== "already_open";
  });
}

async function openAlert(
  services: Services,
  lessonId: string,
  type: string,
  severity: "INFO" | "WARNING" | "CRITICAL",
  message: string,
  now: Date,
) {
  await raiseAlertOnce(services.db, { type, severity, subjectType: "LESSON", subjectId: lessonId, lessonId, message }, now);
}
