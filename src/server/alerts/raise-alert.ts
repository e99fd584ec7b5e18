import "server-only";
import { randomUUID } from "node:crypto";
import type { AlertSeverity } from "~/generated/prisma/client";
import type { Db } from "~/server/db/client";
import type { Tx } from "~/server/lifecycle/state-rows";

const SEVERITY_RANK: Record<AlertSeverity, number> = { INFO: 0, WARNING: 1, CRITICAL: 2 };

export interface AlertInput {
  type: string;
  severity: AlertSeverity;
  subjectType: "LESSON" | "OPERATION" | "PAYOUT";
  subjectId: string;
  lessonId?: string | null;
  message: string;
}

/**
 * One open alert per (type, subject): a repeated sweep or retry must not flood the admin
 * queue. A graver fact about the same thing is not swallowed by the milder one already
 * open: that alert is escalated to it. Returns "created", "escalated" or "already_open".
 * Callers that race on one subject hold its row lock (the lifecycle does).
 */
export async function raiseAlertOnce(db: Db | Tx, alert: AlertInput, now: Date): Promise<"created" | "escalated" | "already_open"> {
  const open = await db.alert.findFirst({
    where: { type: alert.type, subjectType: alert.subjectType, subjectId: alert.subjectId, resolvedAt: null },
  });
  if (open) {
    if (SEVERITY_RANK[alert.severity] <= SEVERITY_RANK[open.severity]) return "already_open";
    await db.alert.update({ where: { id: open.id }, data: { severity: alert.severity, message: alert.message } });
    return "escalated";
  }
  await db.alert.create({ data: { id: randomUUID(), ...alert, lessonId: alert.lessonId ?? null, openedAt: now } });
  return "created";
}
