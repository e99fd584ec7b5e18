import "server-only";
import { AppError } from "~/server/errors";
import type { Services } from "~/server/services";

/** Everything the incident write-up had to assemble by hand: one lesson, its money, and its whole timeline. */
export async function adminLessonDetail({ db }: Pick<Services, "db">, lessonId: string) {
  const lesson = await db.lesson.findUnique({
    where: { id: lessonId },
    include: {
      student: { select: { id: true, name: true, email: true, timeZone: true } },
      tutor: { select: { id: true, name: true, email: true, timeZone: true } },
      payment: { include: { operations: { orderBy: { createdAt: "asc" } } } },
    },
  });
  if (!lesson) throw new AppError("NOT_FOUND", "No lesson with this id.");
  const [audit, alerts, dispute] = await Promise.all([
    db.auditEvent.findMany({ where: { lessonId }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
    db.alert.findMany({ where: { lessonId }, orderBy: { openedAt: "asc" } }),
    db.dispute.findFirst({ where: { lessonId }, orderBy: [{ openedAt: "desc" }, { id: "asc" }] }),
  ]);
  const actorIds = [...new Set(audit.filter((a) => ["ADMIN", "STUDENT", "TUTOR"].includes(a.actorType)).map((a) => a.actorId))];
  const actors = await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, email: true } });
  const nameOf = new Map(actors.map((a) => [a.id, `${a.name} (${a.email})`]));
  const timeline = [
    ...audit.map((a) => ({
      kind: "audit" as const,
      at: a.at,
      actor: nameOf.get(a.actorId) ?? `${a.actorType.toLowerCase()}:${a.actorId}`,
      actorType: a.actorType,
      action: a.action,
      from: a.fromState,
      to: a.toState,
      reason: a.reason,
      metadata: a.metadata,
    })),
    ...(lesson.payment?.operations ?? []).map((o) => ({
      kind: "operation" as const,
      at: o.createdAt,
      actor: o.claimedBy ?? "worker",
      actorType: "WORKER",
      action: `operation.${o.kind.toLowerCase()}`,
      from: null,
      to: o.state,
      reason: o.lastError,
      metadata: {
        amount: o.amount,
        idempotencyKey: o.idempotencyKey,
        attempts: o.attempts,
        providerObjectId: o.providerObjectId,
        completedAt: o.completedAt,
      },
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return { lesson, payment: lesson.payment, operations: lesson.payment?.operations ?? [], alerts, timeline, dispute };
}
