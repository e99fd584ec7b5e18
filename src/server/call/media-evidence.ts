import "server-only";
import { AppError } from "~/server/errors";
import { randomUUID } from "node:crypto";
import type { SessionUser } from "~/server/auth";
import type { Participant } from "~/server/lifecycle/types";
import type { Services } from "~/server/services";
import { callAccess } from "./call-access";
import { CALL_POLICY, mediaGapMs } from "./call-policy";
import { intersection, type Span, totalMs } from "./spans";

export type HeartbeatOutcome = "opened" | "extended" | "merged" | "closed" | "ignored";

/**
 * Fold one heartbeat into the participant's spans. "Good" (connected and receiving the other's media) extends the
 * open span when the last good heartbeat is recent enough, else opens a new one; past the cap per participant the
 * gap is folded into the latest span and counted, so rows stay bounded whatever a page sends. "Not good" closes the
 * open span. Times are the server's: a page only says what it sees, never when. Never read by the lifecycle.
 */
export async function recordHeartbeat(
  services: Services,
  user: Pick<SessionUser, "id" | "role">,
  input: { lessonId: string; connected: boolean; receiving: boolean },
): Promise<{ outcome: HeartbeatOutcome }> {
  const { side, now } = await callAccess(services, user, input.lessonId);
  return { outcome: await foldHeartbeat(services, input.lessonId, side, input.connected && input.receiving, now) };
}

async function foldHeartbeat(services: Services, lessonId: string, participant: Participant, good: boolean, now: Date) {
  return services.db.$transaction(async (tx): Promise<HeartbeatOutcome> => {
    // Two heartbeats of one participant at once (two tabs) must not both open a span: serialize per (lesson, side).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lessonId}::text), ${participant === "STUDENT" ? 1 : 2}::int)`;
    const last = await tx.callMediaInterval.findFirst({ where: { lessonId, participant }, orderBy: { lastSeenAt: "desc" } });
    const lastIsOpen = last?.open === true && now.getTime() - last.lastSeenAt.getTime() <= mediaGapMs();
    if (!good) {
      if (!last?.open) return "ignored";
      await tx.callMediaInterval.update({ where: { id: last.id }, data: { open: false } });
      return "closed";
    }
    if (last && lastIsOpen) {
      await tx.callMediaInterval.update({
        where: { id: last.id },
        data: { lastSeenAt: later(now, last.lastSeenAt), heartbeats: { increment: 1 } },
      });
      return "extended";
    }
    const count = await tx.callMediaInterval.count({ where: { lessonId, participant } });
    if (last && count >= CALL_POLICY.maxSpansPerParticipant) {
      await tx.callMediaInterval.update({
        where: { id: last.id },
        data: { lastSeenAt: later(now, last.lastSeenAt), heartbeats: { increment: 1 }, open: true, mergedGaps: { increment: 1 } },
      });
      return "merged";
    }
    if (last?.open) await tx.callMediaInterval.update({ where: { id: last.id }, data: { open: false } });
    await tx.callMediaInterval.create({ data: { id: randomUUID(), lessonId, participant, startedAt: now, lastSeenAt: now } });
    return "opened";
  });
}

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

export interface MediaEvidence {
  spans: { participant: Participant; from: Date; to: Date; heartbeats: number; mergedGaps: number }[];
  totals: { studentMs: number; tutorMs: number; bothMs: number };
  /** the spans of "both connected and receiving" */
  both: { from: Date; to: Date }[];
  heartbeatMs: number;
  /** true when some gaps were folded into spans (the lesson reached its cap): totals are then upper bounds */
  approximate: boolean;
}

/**
 * The media evidence of one lesson, for the admin page and for dispute evidence: each participant's spans, the total
 * of each, and how long both were connected at once. Framework-free (Services only), no access check: callers are
 * the admin procedure and evidence assembly.
 */
/** The evidence for the admin lesson page: NOT_FOUND for a lesson that does not exist (rather than an empty record). */
export async function lessonMediaEvidence(services: Pick<Services, "db">, lessonId: string): Promise<MediaEvidence> {
  const lesson = await services.db.lesson.findUnique({ where: { id: lessonId }, select: { id: true } });
  if (!lesson) throw new AppError("NOT_FOUND", "No lesson with this id.");
  return mediaEvidenceFor(services, lessonId);
}

export async function mediaEvidenceFor(services: Pick<Services, "db">, lessonId: string): Promise<MediaEvidence> {
  const rows = await services.db.callMediaInterval.findMany({ where: { lessonId }, orderBy: [{ startedAt: "asc" }, { id: "asc" }] });
  const asSpan = (r: (typeof rows)[number]): Span => ({ from: r.startedAt.getTime(), to: r.lastSeenAt.getTime() });
  const student = rows.filter((r) => r.participant === "STUDENT").map(asSpan);
  const tutor = rows.filter((r) => r.participant === "TUTOR").map(asSpan);
  const both = intersection(student, tutor);
  return {
    spans: rows.map((r) => ({
      participant: r.participant,
      from: r.startedAt,
      to: r.lastSeenAt,
      heartbeats: r.heartbeats,
      mergedGaps: r.mergedGaps,
    })),
    totals: { studentMs: totalMs(student), tutorMs: totalMs(tutor), bothMs: totalMs(both) },
    both: both.map((s) => ({ from: new Date(s.from), to: new Date(s.to) })),
    heartbeatMs: CALL_POLICY.heartbeatMs,
    approximate: rows.some((r) => r.mergedGaps > 0),
  };
}
