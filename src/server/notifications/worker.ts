import "server-only";
// The notification worker: the payments' outbox pattern for messages (docs/adr/0007-notifications-outbox.md).
//   claim  — due PENDING rows → SENDING with attempts+1 and a Message-ID derived from the row, committed BEFORE any
//            send (FOR UPDATE SKIP LOCKED, so the after-response kick and every cron tick can run at once);
//   send   — outside any transaction; a retry first asks the server whether that Message-ID was already accepted
//            (when it can be asked) and records it as sent instead of sending again;
//   record — SENT, or back to PENDING with backoff, or FAILED (and an alert) after the policy's attempts.
// A worker that died while SENDING leaves its claim; after stuckSendingMs it is handed back as a retry.
import { randomUUID } from "node:crypto";
import type { Notification } from "~/generated/prisma/client";
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { notificationRetryDelayMs } from "~/server/lifecycle/policy";
import type { Services } from "~/server/services";
import { mailDomain, type NotifyConfig } from "./config";
import { type Composed, composeDigestEmail, composeEmail, digestWebhookText } from "./compose";

export type NotifyDeps = Pick<Services, "db" | "now" | "policy" | "notify">;
/** The deps of a process that does send. */
type SendDeps = Omit<NotifyDeps, "notify"> & { notify: NotifyConfig };

export interface NotifyReport {
  sent: number;
  skipped: number;
  retrying: number;
  failed: number;
  /** retries recorded as sent because the server had accepted the Message-ID already */
  alreadyAccepted: number;
  /** SENDING claims of dead workers handed back */
  recovered: number;
}

const emptyReport = (): NotifyReport => ({ sent: 0, skipped: 0, retrying: 0, failed: 0, alreadyAccepted: 0, recovered: 0 });

export async function sendDueNotifications(
  deps: NotifyDeps,
  opts: { stopAt?: number; onlyIds?: string[]; workerId?: string; max?: number } = {},
): Promise<NotifyReport> {
  const report = emptyReport();
  if (!deps.notify) return report; // this process sends no messages; they wait for one that does
  return sendWith({ ...deps, notify: deps.notify }, opts, report);
}

async function sendWith(
  deps: SendDeps,
  opts: { stopAt?: number; onlyIds?: string[]; workerId?: string; max?: number },
  report: NotifyReport,
): Promise<NotifyReport> {
  const workerId = opts.workerId ?? `notify-${randomUUID().slice(0, 8)}`;
  const timeLeft = () => opts.stopAt === undefined || performance.now() < opts.stopAt;
  report.recovered = await recoverStuckSends(deps);
  let budget = opts.max ?? Number.POSITIVE_INFINITY;
  while (budget > 0 && timeLeft()) {
    const rows = await claimSingles(deps, Math.min(20, budget), workerId, opts.onlyIds);
    if (rows.length === 0) break;
    budget -= rows.length;
    // Mail servers take a few messages at once well; one batch at a time keeps the connection count small.
    await Promise.all(rows.map((row) => deliver(deps, [row], workerId, report)));
  }
  if (!opts.onlyIds) {
    for (const groupKey of await dueGroups(deps)) {
      if (!timeLeft()) break;
      const rows = await claimGroup(deps, groupKey, workerId);
      if (rows.length) await deliver(deps, rows, workerId, report);
    }
  }
  return report;
}

/** SENDING for longer than the policy allows: the worker died (or hung) mid-send. The next claim checks before re-sending. */
async function recoverStuckSends(deps: SendDeps): Promise<number> {
  const now = deps.now();
  const { count } = await deps.db.notification.updateMany({
    where: { state: "SENDING", claimedAt: { lt: new Date(now.getTime() - deps.policy.notifications.stuckSendingMs) } },
    data: {
      state: "PENDING",
      nextAttemptAt: now,
      claimedBy: null,
      lastError: "the worker stopped while sending; checking before re-sending",
    },
  });
  return count;
}

async function claimSingles(deps: SendDeps, limit: number, workerId: string, onlyIds?: string[]): Promise<Notification[]> {
  const now = deps.now();
  const domain = mailDomain(deps.notify.from);
  const ids = onlyIds ?? null;
  return deps.db.$queryRaw<Notification[]>`
    WITH due AS (
      SELECT id FROM "Notification"
      WHERE state = 'PENDING' AND "nextAttemptAt" <= ${now} AND channel <> 'IN_APP' AND "groupKey" IS NULL
        AND (${ids}::text[] IS NULL OR id = ANY(${ids}::text[]))
      ORDER BY "nextAttemptAt" LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "Notification" n
    SET state = 'SENDING', attempts = n.attempts + 1, "claimedAt" = ${now}, "claimedBy" = ${workerId},
      "messageId" = COALESCE(n."messageId", '<' || n.id || '@' || ${domain} || '>')
    FROM due WHERE n.id = due.id
    RETURNING n.*`;
}

async function dueGroups(deps: SendDeps): Promise<string[]> {
  const rows = await deps.db.notification.findMany({
    where: { state: "PENDING", groupKey: { not: null }, nextAttemptAt: { lte: deps.now() } },
    distinct: ["groupKey"],
    select: { groupKey: true },
  });
  return rows.map((r) => r.groupKey!);
}

/**
 * All due rows of one group, as one message — unless the group sent (or is sending) one within the digest window:
 * then they wait and go together next time. Decided under a per-group advisory lock, so two workers cannot both
 * decide to send.
 */
async function claimGroup(deps: SendDeps, groupKey: string, workerId: string): Promise<Notification[]> {
  const now = deps.now();
  const since = new Date(now.getTime() - deps.policy.notifications.alertDigestWindowMs);
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`notify:${groupKey}`}))`;
    const recent = await tx.notification.count({
      where: { groupKey, OR: [{ state: "SENT", sentAt: { gt: since } }, { state: "SENDING" }] },
    });
    if (recent > 0) return [];
    const rows = await tx.$queryRaw<Notification[]>`
      UPDATE "Notification" SET state = 'SENDING', attempts = attempts + 1, "claimedAt" = ${now}, "claimedBy" = ${workerId}
      WHERE "groupKey" = ${groupKey} AND state = 'PENDING' AND "nextAttemptAt" <= ${now}
      RETURNING *`;
    if (rows.length === 0) return rows;
    // One Message-ID for the digest, recorded on its rows before the send. A row retried from an earlier digest
    // keeps that earlier id, so the "was it accepted?" check below can recognise it.
    const messageId = `<digest-${rows.map((r) => r.id).sort()[0]}-${rows[0]!.attempts}@${mailDomain(deps.notify.from)}>`;
    await tx.notification.updateMany({ where: { id: { in: rows.map((r) => r.id) }, messageId: null }, data: { messageId } });
    return rows.map((r) => ({ ...r, messageId: r.messageId ?? messageId }));
  });
}

/** Send the claimed rows as one message (a single row, or a digest of one group) and record the outcome. */
async function deliver(deps: SendDeps, rows: Notification[], workerId: string, report: NotifyReport) {
  const first = rows[0]!;
  const ids = rows.map((r) => r.id);
  try {
    const accepted = await alreadyAccepted(deps, rows);
    if (accepted) {
      await finish(deps, ids, workerId, { state: "SENT" });
      report.alreadyAccepted += 1;
      return;
    }
    if (first.channel === "SLACK") {
      if (!deps.notify.slackWebhookUrl) {
        await finish(deps, ids, workerId, { state: "SKIPPED", lastError: "no SLACK_WEBHOOK_URL configured" });
        report.skipped += rows.length;
        return;
      }
      await postWebhook(deps.notify.slackWebhookUrl, digestWebhookText(rows, deps.notify.appUrl));
    } else {
      const composed: Composed =
        rows.length === 1 && !first.groupKey
          ? await composeEmail(deps.db, deps.notify, first, deps.now())
          : await composeDigestEmail(deps.db, deps.notify, rows, first.messageId!);
      if ("skip" in composed) {
        await finish(deps, ids, workerId, { state: "SKIPPED", lastError: composed.skip });
        report.skipped += rows.length;
        return;
      }
      await deps.notify.mailer.send(composed.send);
    }
    await finish(deps, ids, workerId, { state: "SENT" });
    report.sent += 1;
  } catch (err) {
    await retryOrFail(deps, rows, workerId, err instanceof Error ? err.message : String(err), report);
  }
}

/** A retry of a message that may have been accepted before its worker lost the answer (or died): ask, if the server can be asked. */
async function alreadyAccepted(deps: SendDeps, rows: Notification[]): Promise<boolean> {
  const lookup = deps.notify.mailer.wasAccepted;
  if (!lookup || rows[0]!.channel !== "EMAIL" || rows.every((r) => r.attempts <= 1)) return false;
  return lookup(rows[0]!.messageId!);
}

async function finish(deps: SendDeps, ids: string[], workerId: string, outcome: { state: "SENT" | "SKIPPED"; lastError?: string }) {
  const now = deps.now();
  // Only while the claim is ours: a claim handed back after stuckSendingMs may have been sent by another worker since.
  await deps.db.notification.updateMany({
    where: { id: { in: ids }, state: "SENDING", claimedBy: workerId },
    data: { state: outcome.state, sentAt: outcome.state === "SENT" ? now : null, lastError: outcome.lastError ?? null },
  });
}

async function retryOrFail(deps: SendDeps, rows: Notification[], workerId: string, error: string, report: NotifyReport) {
  const now = deps.now();
  const attempts = Math.max(...rows.map((r) => r.attempts));
  const giveUp = attempts >= deps.policy.notifications.maxAttempts;
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.notification.updateMany({
      where: { id: { in: rows.map((r) => r.id) }, state: "SENDING", claimedBy: workerId },
      data: giveUp
        ? { state: "FAILED", lastError: error }
        : { state: "PENDING", lastError: error, nextAttemptAt: new Date(now.getTime() + notificationRetryDelayMs(attempts, deps.policy)) },
    });
    if (count > 0 && giveUp) {
      const row = rows[0]!;
      await raiseAlertOnce(
        tx,
        {
          type: "NOTIFICATION_FAILED",
          // WARNING, not CRITICAL: a CRITICAL alert is itself sent as a message, and a broken mail server must not feed itself.
          severity: "WARNING",
          subjectType: "NOTIFICATION",
          subjectId: row.id,
          lessonId: row.lessonId,
          message: `A ${row.kind} message (${row.channel}) could not be sent after ${attempts} attempts and was given up: ${error}`,
        },
        now,
      );
    }
  });
  if (giveUp) report.failed += rows.length;
  else report.retrying += rows.length;
}

async function postWebhook(url: string, text: string) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text }),
    signal: AbortSignal.timeout(15_000),
  });
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
}
