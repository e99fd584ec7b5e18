import "server-only";
// Writing what a page of checks found: one open Discrepancy per (kind, subject) (the partial unique index
// manual_discrepancy_one_open holds it), its lastSeenAt moved on every pass that sees it again, one open alert per
// discrepancy for the admin queue, and both resolved once a pass that checks that subject no longer finds it.
// One transaction per page, whatever the page size: a clean book costs one read per page.
import { randomUUID } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import type { Db } from "~/server/db/client";
import type { Tx } from "~/server/lifecycle/state-rows";
import { DISCREPANCY_GUIDE, type DiscrepancyKind } from "~/shared/discrepancies";
import type { Finding, SubjectCheck } from "./findings";

export const RECONCILER = "reconciliation";

export interface RecordCounts {
  opened: number;
  stillOpen: number;
  resolved: number;
}

/** Several findings of one kind about one subject (captured and refunded both differ) are one discrepancy. */
export function mergeByKind(findings: readonly Finding[]): Map<DiscrepancyKind, Finding> {
  const out = new Map<DiscrepancyKind, Finding>();
  for (const f of findings) {
    const seen = out.get(f.kind);
    out.set(
      f.kind,
      seen
        ? {
            ...seen,
            severity: seen.severity === "CRITICAL" || f.severity === "CRITICAL" ? "CRITICAL" : "WARNING",
            message: `${seen.message} ${f.message}`,
          }
        : f,
    );
  }
  return out;
}

const json = (v: Record<string, unknown> | null) => (v === null ? undefined : (v as Prisma.InputJsonValue));

export function alertMessage(kind: DiscrepancyKind, message: string) {
  const guide = DISCREPANCY_GUIDE[kind];
  return `${guide.title}: ${message} What to do: ${guide.whatToDo}`;
}

async function resolve(tx: Tx, ids: string[], now: Date, resolution: string) {
  if (ids.length === 0) return;
  await tx.discrepancy.updateMany({
    where: { id: { in: ids }, resolvedAt: null },
    data: { resolvedAt: now, resolvedBy: RECONCILER, resolution },
  });
  await tx.alert.updateMany({
    where: { subjectType: "DISCREPANCY", subjectId: { in: ids }, resolvedAt: null },
    data: { resolvedAt: now, resolvedBy: RECONCILER, resolution },
  });
}

const keyOf = (kind: string, subjectType: string, subjectId: string) => `${kind}|${subjectType}|${subjectId}`;

export async function recordChecks(db: Db, checks: readonly SubjectCheck[], at: { now: Date; runId: string }): Promise<RecordCounts> {
  const counts: RecordCounts = { opened: 0, stillOpen: 0, resolved: 0 };
  if (checks.length === 0) return counts;
  const openWhere = { resolvedAt: null, subjectId: { in: [...new Set(checks.map((c) => c.subjectId))] } };
  const select = { id: true, kind: true, subjectType: true, subjectId: true, message: true } as const;
  // A clean page (nothing found, nothing open) is one read and no transaction.
  if (checks.every((c) => c.findings.length === 0) && (await db.discrepancy.count({ where: openWhere })) === 0) return counts;
  return db.$transaction(async (tx) => {
    const open = await tx.discrepancy.findMany({ where: openWhere, select });
    const openByKey = new Map(open.map((d) => [keyOf(d.kind, d.subjectType, d.subjectId), d]));
    const seenAgain: string[] = [];
    const gone: string[] = [];
    const fresh: (Prisma.DiscrepancyCreateManyInput & { severity: Finding["severity"] })[] = [];
    for (const c of checks) {
      const found = mergeByKind(c.findings);
      for (const [kind, f] of found) {
        const existing = openByKey.get(keyOf(kind, c.subjectType, c.subjectId));
        if (existing) {
          counts.stillOpen += 1;
          if (existing.message === f.message) seenAgain.push(existing.id);
          else
            await tx.discrepancy.update({
              where: { id: existing.id },
              data: { lastSeenAt: at.now, runId: at.runId, message: f.message, ours: json(f.ours), theirs: json(f.theirs) },
            });
          continue;
        }
        fresh.push({
          id: randomUUID(),
          kind,
          subjectType: c.subjectType,
          subjectId: c.subjectId,
          lessonId: c.lessonId,
          providerObjectId: c.providerObjectId,
          ours: json(f.ours),
          theirs: json(f.theirs),
          message: f.message,
          runId: at.runId,
          firstSeenAt: at.now,
          lastSeenAt: at.now,
          severity: f.severity,
        });
      }
      for (const kind of c.checks) {
        const existing = openByKey.get(keyOf(kind, c.subjectType, c.subjectId));
        if (existing && !found.has(kind)) gone.push(existing.id);
      }
    }
    if (seenAgain.length > 0)
      await tx.discrepancy.updateMany({ where: { id: { in: seenAgain } }, data: { lastSeenAt: at.now, runId: at.runId } });
    await resolve(tx, gone, at.now, "no longer seen: our books and the provider agree");
    counts.resolved = gone.length;
    if (fresh.length > 0) {
      await tx.discrepancy.createMany({ data: fresh.map(({ severity: _s, ...row }) => row), skipDuplicates: true });
      // An overlapping pass may have inserted the same discrepancy first: alert only about rows that are ours.
      const inserted = new Set(
        (await tx.discrepancy.findMany({ where: { id: { in: fresh.map((f) => f.id) } }, select: { id: true } })).map((d) => d.id),
      );
      for (const f of fresh) {
        if (!inserted.has(f.id)) continue;
        counts.opened += 1;
        await raiseAlertOnce(
          tx,
          {
            type: `RECONCILE_${f.kind}`,
            severity: f.severity,
            subjectType: "DISCREPANCY",
            subjectId: f.id,
            lessonId: f.lessonId,
            message: alertMessage(f.kind as DiscrepancyKind, f.message),
          },
          at.now,
        );
      }
    }
    return counts;
  });
}

/**
 * A finding that a safe repair just settled, written in the repair's own transaction (applyCommand's onChanged): the
 * discrepancy is kept for the record, resolved as repaired, and any open one of the same kind about the subject too.
 */
export async function recordRepaired(
  tx: Tx,
  check: SubjectCheck,
  finding: Finding,
  repairedWith: string,
  at: { now: Date; runId: string },
) {
  const resolution = `repaired through the lifecycle: ${repairedWith}`;
  const open = await tx.discrepancy.findMany({
    where: { kind: finding.kind, subjectType: check.subjectType, subjectId: check.subjectId, resolvedAt: null },
    select: { id: true },
  });
  await resolve(
    tx,
    open.map((d) => d.id),
    at.now,
    resolution,
  );
  await tx.discrepancy.create({
    data: {
      id: randomUUID(),
      kind: finding.kind,
      subjectType: check.subjectType,
      subjectId: check.subjectId,
      lessonId: check.lessonId,
      providerObjectId: check.providerObjectId,
      ours: json(finding.ours),
      theirs: json(finding.theirs),
      message: finding.message,
      runId: at.runId,
      firstSeenAt: at.now,
      lastSeenAt: at.now,
      resolvedAt: at.now,
      resolvedBy: RECONCILER,
      resolution,
    },
  });
}
