import "server-only";
// The admin's view of reconciliation: open (or recently resolved) discrepancies with ours vs theirs and what to do,
// the last passes, resolving one by hand (with its alert, audited, once), and starting a pass now.
import { AppError } from "~/server/errors";
import type { Actor } from "~/server/lifecycle/types";
import { reconcile } from "~/server/reconciliation";
import type { Services } from "~/server/services";
import { auditEventData } from "~/server/audit/audit-event";
import { DISCREPANCY_GUIDE, type DiscrepancyKind } from "~/shared/discrepancies";
import { instantToken } from "~/shared/message-tokens";

const LIMIT = 200;

export async function listDiscrepancies(services: Pick<Services, "db">, filter: { state: "open" | "resolved" }) {
  const { db } = services;
  const rows = await db.discrepancy.findMany({
    where: { resolvedAt: filter.state === "open" ? null : { not: null } },
    orderBy: filter.state === "open" ? { firstSeenAt: "asc" } : { resolvedAt: "desc" },
    take: LIMIT,
  });
  const runs = await db.reconciliationRun.findMany({ orderBy: { startedAt: "desc" }, take: 5 });
  return {
    discrepancies: rows.map((d) => {
      const guide = DISCREPANCY_GUIDE[d.kind as DiscrepancyKind];
      return {
        id: d.id,
        kind: d.kind,
        title: guide?.title ?? d.kind,
        whatToDo: guide?.whatToDo ?? "",
        subjectType: d.subjectType,
        subjectId: d.subjectId,
        lessonId: d.lessonId,
        providerObjectId: d.providerObjectId,
        message: d.message,
        ours: d.ours as Record<string, unknown> | null,
        theirs: d.theirs as Record<string, unknown> | null,
        firstSeenAt: d.firstSeenAt,
        lastSeenAt: d.lastSeenAt,
        resolvedAt: d.resolvedAt,
        resolvedBy: d.resolvedBy,
        resolution: d.resolution,
      };
    }),
    runs: runs.map((r) => ({
      id: r.id,
      status: r.status,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      since: r.since,
      providerCalls: r.providerCalls,
      objectsSeen: r.objectsSeen,
      rowsChecked: r.rowsChecked,
      discrepancies: r.discrepancies,
      repaired: r.repaired,
    })),
  };
}

/** An admin closes a discrepancy (and its alert) after acting on it; a pass that still finds it opens a new one. */
export async function resolveDiscrepancy(services: Pick<Services, "db" | "now">, admin: Actor, discrepancyId: string, reason: string) {
  const now = services.now();
  return services.db.$transaction(async (tx) => {
    const d = await tx.discrepancy.findUnique({ where: { id: discrepancyId } });
    if (!d) throw new AppError("NOT_FOUND", "No discrepancy with this id.");
    const n = await tx.discrepancy.updateMany({
      where: { id: discrepancyId, resolvedAt: null },
      data: { resolvedAt: now, resolvedBy: admin.id, resolution: reason },
    });
    if (n.count === 0) {
      return {
        outcome: "already_done" as const,
        message: `Already resolved by ${d.resolvedBy ?? "someone"} at ${instantToken(d.resolvedAt ?? now)}${d.resolution ? `: “${d.resolution}”` : ""}.`,
      };
    }
    await tx.alert.updateMany({
      where: { subjectType: "DISCREPANCY", subjectId: discrepancyId, resolvedAt: null },
      data: { resolvedAt: now, resolvedBy: admin.id, resolution: reason },
    });
    await tx.auditEvent.create({
      data: auditEventData({
        action: "discrepancy.resolved",
        at: now,
        actor: admin,
        subject: { type: "DISCREPANCY", id: discrepancyId },
        lessonId: d.lessonId,
        from: "OPEN",
        to: "RESOLVED",
        reason,
        metadata: { kind: d.kind, subjectType: d.subjectType, subjectId: d.subjectId },
      }),
    });
    return { outcome: "done" as const, message: "Discrepancy resolved. If the next pass still finds it, it opens again." };
  });
}

/**
 * Admin "Reconcile now": resumes the unfinished pass or starts one, within a request-sized budget. A forced pass may
 * repair rows, so it is audited as the admin who asked, with their reason if they gave one.
 */
export async function reconcileNow(services: Services, admin: Actor, reason: string | null = null, budgetMs = 20_000) {
  await services.db.auditEvent.create({
    data: auditEventData({
      action: "admin.reconciliation_requested",
      at: services.now(),
      actor: admin,
      subject: { type: "SYSTEM", id: "reconciliation" },
      reason,
    }),
  });
  const r = await reconcile(services, { force: true, budget: { stopAt: performance.now() + budgetMs } });
  const message =
    r.state === "busy"
      ? "A pass is already running; its results appear here as it goes."
      : r.state === "not_due"
        ? "Not due."
        : `${r.state === "finished" ? "Pass finished" : "Pass paused (it resumes on the next tick)"}: ${r.objectsSeen} provider objects and ${r.rowsChecked} rows compared in ${r.providerCalls} provider calls; ${r.opened} new, ${r.resolved} resolved, ${r.repaired} repaired.`;
  return { state: r.state, message };
}
