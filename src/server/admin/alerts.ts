import "server-only";
// Resolving an alert: who, when and why are kept on the alert and in the audit log, in
// one transaction. A second admin (or a double click) gets "already resolved by … at …"
// and changes nothing.
import type { Db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import type { Actor } from "~/server/lifecycle/types";
import type { Services } from "~/server/services";
import { auditEventData } from "~/server/audit/audit-event";
import { instantToken } from "~/shared/message-tokens";

export interface ResolveAlertResult {
  outcome: "done" | "already_done";
  message: string;
  alertId: string;
  resolvedAt: Date;
  resolvedBy: { id: string; name: string | null };
  resolution: string | null;
}

async function nameOf(db: Db, userId: string): Promise<string | null> {
  const u = await db.user.findUnique({ where: { id: userId }, select: { name: true, email: true } });
  return u ? `${u.name} (${u.email})` : null;
}

export async function resolveAlert(
  services: Pick<Services, "db" | "now">,
  admin: Actor,
  alertId: string,
  reason: string,
): Promise<ResolveAlertResult> {
  const { db } = services;
  const now = services.now();
  const result = await db.$transaction(async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id: alertId } });
    if (!alert) throw new AppError("NOT_FOUND", "No alert with this id.");
    // the guard on resolvedAt makes the second of two concurrent resolutions a no-op
    const n = await tx.alert.updateMany({
      where: { id: alertId, resolvedAt: null },
      data: { resolvedAt: now, resolvedBy: admin.id, resolution: reason },
    });
    if (n.count === 1) {
      // A reconciliation alert stands for its discrepancy: resolving one resolves the other (the next pass reopens
      // it if the provider still disagrees).
      if (alert.subjectType === "DISCREPANCY") {
        await tx.discrepancy.updateMany({
          where: { id: alert.subjectId, resolvedAt: null },
          data: { resolvedAt: now, resolvedBy: admin.id, resolution: reason },
        });
      }
      await tx.auditEvent.create({
        data: auditEventData({
          action: "alert.resolved",
          at: now,
          actor: admin,
          subject: { type: "ALERT", id: alertId },
          lessonId: alert.lessonId,
          from: "OPEN",
          to: "RESOLVED",
          reason,
          metadata: { type: alert.type, severity: alert.severity, alertSubjectType: alert.subjectType, alertSubjectId: alert.subjectId },
        }),
      });
    }
    return { changed: n.count === 1, alert: await tx.alert.findUniqueOrThrow({ where: { id: alertId } }) };
  });
  const { alert } = result;
  const by = alert.resolvedBy ?? admin.id;
  const name = await nameOf(db, by);
  const resolvedAt = alert.resolvedAt ?? now;
  return {
    outcome: result.changed ? "done" : "already_done",
    message: result.changed
      ? "Alert resolved."
      : `Already resolved by ${name ?? by} at ${instantToken(resolvedAt)}${alert.resolution ? `: “${alert.resolution}”` : ""}.`,
    alertId,
    resolvedAt,
    resolvedBy: { id: by, name },
    resolution: alert.resolution,
  };
}
