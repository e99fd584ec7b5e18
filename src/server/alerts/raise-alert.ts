import "server-only";
import { randomUUID } from "node:crypto";
import type { AlertSeverity } from "~/generated/prisma/client";
import type { Tx } from "~/server/lifecycle/state-rows";
import { notifyCriticalAlert } from "~/server/notifications/write";

const SEVERITY_RANK: Record<AlertSeverity, number> = { INFO: 0, WARNING: 1, CRITICAL: 2 };
const milderThan = (severity: AlertSeverity) =>
  (Object.keys(SEVERITY_RANK) as AlertSeverity[]).filter((s) => SEVERITY_RANK[s] < SEVERITY_RANK[severity]);

export interface AlertInput {
  type: string;
  severity: AlertSeverity;
  /** DISCREPANCY: one alert per reconciliation discrepancy (its lesson, when it has one, in lessonId) */
  subjectType: "LESSON" | "OPERATION" | "PAYOUT" | "DISCREPANCY" | "NOTIFICATION" | "TUTOR";
  subjectId: string;
  lessonId?: string | null;
  message: string;
}

/**
 * One open alert per (type, subject): a repeated sweep or retry must not flood the admin queue. The database holds
 * the rule (the partial unique index manual_alert_one_open), so two transactions raising the same alert at once
 * create one row: the second insert waits for the first and then does nothing. A graver fact about the same thing is
 * not swallowed by the milder one already open: that alert is escalated to it. Returns "created", "escalated" or
 * "already_open".
 * Runs in the caller's transaction, which holds the row lock of the alert's subject (the lesson, the operation or the
 * payout), so the decision to raise and the alert commit together.
 */
export async function raiseAlertOnce(tx: Tx, alert: AlertInput, now: Date): Promise<"created" | "escalated" | "already_open"> {
  const row = { ...alert, lessonId: alert.lessonId ?? null, openedAt: now };
  // Twice at most: the open alert we collided with may be resolved before we read it, and then this fact deserves
  // an alert of its own.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const id = randomUUID();
    const { count } = await tx.alert.createMany({ data: [{ id, ...row }], skipDuplicates: true });
    if (count === 1) {
      if (alert.severity === "CRITICAL")
        await notifyCriticalAlert(tx, { id, type: alert.type, message: alert.message, lessonId: row.lessonId }, now);
      return "created";
    }
    const open = await tx.alert.findFirst({
      where: { type: alert.type, subjectType: alert.subjectType, subjectId: alert.subjectId, resolvedAt: null },
    });
    if (!open) continue;
    if (SEVERITY_RANK[alert.severity] <= SEVERITY_RANK[open.severity]) return "already_open";
    // Only over a milder severity, checked by the UPDATE itself: two raises that both read the open alert as INFO
    // would otherwise both escalate, and the WARNING committing after the CRITICAL would step it back down. Waiting
    // for the other's row lock, this one re-reads the row and finds nothing milder left to raise (or the alert
    // resolved meanwhile: then the next round raises one of its own).
    const { count: escalated } = await tx.alert.updateMany({
      where: { id: open.id, resolvedAt: null, severity: { in: milderThan(alert.severity) } },
      data: { severity: alert.severity, message: alert.message },
    });
    if (escalated === 0) continue;
    if (alert.severity === "CRITICAL")
      await notifyCriticalAlert(tx, { id: open.id, type: alert.type, message: alert.message, lessonId: open.lessonId }, now);
    return "escalated";
  }
  return "already_open";
}
