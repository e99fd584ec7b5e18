import "server-only";
// The audit log: who (a person, or a machine such as the finalize cron or a webhook) did
// what, when and why. Filtered by actor, action and subject; newest first, by cursor.
import type { Prisma } from "~/generated/prisma/client";
import type { Services } from "~/server/services";
import { pageArgs, pageOf } from "./pagination";

export interface AuditFilter {
  actorType?: string;
  /** a user id, a job name, or a person's email */
  actor?: string;
  /** exact ("payment.captured") or a prefix ending in a dot ("payment.") */
  action?: string;
  subjectType?: string;
  /** the subject's id; a lesson id also matches everything about that lesson */
  subjectId?: string;
  cursor?: string;
  take?: number;
}

const HUMAN = ["ADMIN", "STUDENT", "TUTOR"];

export async function adminAuditLog({ db }: Pick<Services, "db">, f: AuditFilter) {
  const take = f.take ?? 50;
  const and: Prisma.AuditEventWhereInput[] = [];
  if (f.actorType) and.push({ actorType: f.actorType });
  if (f.actor) {
    const actor = f.actor.trim();
    const user = actor.includes("@")
      ? await db.user.findFirst({ where: { email: { equals: actor, mode: "insensitive" } }, select: { id: true } })
      : null;
    and.push({ actorId: user?.id ?? actor });
  }
  if (f.action) and.push(f.action.endsWith(".") ? { action: { startsWith: f.action } } : { action: f.action });
  if (f.subjectType) and.push({ subjectType: f.subjectType });
  if (f.subjectId) and.push({ OR: [{ subjectId: f.subjectId }, { lessonId: f.subjectId }] });
  const rows = await db.auditEvent.findMany({
    where: and.length ? { AND: and } : {},
    orderBy: [{ at: "desc" }, { id: "desc" }],
    ...pageArgs({ cursor: f.cursor, take }),
  });
  const { page, nextCursor } = pageOf(rows, take);
  const ids = [...new Set(page.filter((r) => HUMAN.includes(r.actorType)).map((r) => r.actorId))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return {
    items: page.map((r) => {
      const u = byId.get(r.actorId);
      return {
        id: r.id,
        at: r.at,
        actorType: r.actorType,
        actorId: r.actorId,
        actorName: u ? u.name : null,
        actorEmail: u ? u.email : null,
        action: r.action,
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        lessonId: r.lessonId,
        fromState: r.fromState,
        toState: r.toState,
        reason: r.reason,
        metadata: r.metadata,
      };
    }),
    nextCursor,
  };
}

/** The values the filters offer (distinct actor types and actions seen so far). */
export async function auditFacets({ db }: Pick<Services, "db">) {
  const [actorTypes, actions, subjectTypes] = await Promise.all([
    db.auditEvent.findMany({ distinct: ["actorType"], select: { actorType: true }, orderBy: { actorType: "asc" } }),
    db.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
    db.auditEvent.findMany({ distinct: ["subjectType"], select: { subjectType: true }, orderBy: { subjectType: "asc" } }),
  ]);
  return {
    actorTypes: actorTypes.map((a) => a.actorType),
    actions: actions.map((a) => a.action),
    subjectTypes: subjectTypes.map((a) => a.subjectType),
  };
}
