import "server-only";
// The evidence for a lesson's dispute, assembled from the lesson's own facts: the booking, both participants' join and
// leave times, the call's start, end and duration, the media evidence (how long each side, and both at once, were
// connected and receiving), and the audit timeline. Instants are ISO 8601 UTC: the reader is a bank, not our pages.
// Only facts recorded up to `asOf` (when the admin asked) are used, so a retried submission sends the very same
// evidence under the same idempotency key.
import type { DisputeEvidence } from "~/server/providers/stripe";
import type { Services } from "~/server/services";
import { mediaEvidenceFor } from "~/server/call";
import { formatMoney } from "~/shared/money";

/** Stripe's limit on all text evidence together is 150,000 characters; the timeline stops well before it. */
const TIMELINE_MAX_LINES = 200;

const at = (d: Date | null) => (d ? d.toISOString() : "never");
const minutes = (ms: number) => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

export async function assembleDisputeEvidence(services: Pick<Services, "db">, lessonId: string, asOf: Date): Promise<DisputeEvidence> {
  const { db } = services;
  const lesson = await db.lesson.findUniqueOrThrow({
    where: { id: lessonId },
    include: { student: { select: { name: true, email: true } }, tutor: { select: { name: true } }, payment: true },
  });
  const [media, audit] = await Promise.all([
    mediaEvidenceFor(services, lessonId),
    db.auditEvent.findMany({
      where: { lessonId, at: { lte: asOf } },
      orderBy: [{ at: "asc" }, { id: "asc" }],
      take: TIMELINE_MAX_LINES,
      select: { at: true, actorType: true, action: true, reason: true },
    }),
  ]);
  const price = `${formatMoney(lesson.priceAmount, lesson.currency)} (${lesson.currency})`;
  const callMs = lesson.callStartedAt && lesson.callEndedAt ? lesson.callEndedAt.getTime() - lesson.callStartedAt.getTime() : 0;
  const service = [
    `Online 1:1 lesson ${lesson.id}, ${lesson.durationMinutes} minutes, ${price}.`,
    `Booked by ${lesson.student.name} at ${at(lesson.createdAt)} for ${at(lesson.scheduledStart)} – ${at(lesson.scheduledEnd)}; tutor ${lesson.tutor.name}.`,
    `Student joined ${at(lesson.studentJoinedAt)} (last join ${at(lesson.studentLastJoinedAt)}), left ${at(lesson.studentLeftAt)}.`,
    `Tutor joined ${at(lesson.tutorJoinedAt)} (last join ${at(lesson.tutorLastJoinedAt)}), left ${at(lesson.tutorLeftAt)}.`,
    `Call started ${at(lesson.callStartedAt)} (both present), ended ${at(lesson.callEndedAt)}${lesson.endedBy ? ` by the ${lesson.endedBy.toLowerCase()}` : ""}: ${minutes(callMs)}.`,
    `Lesson status ${lesson.status}${lesson.finalizedAt ? `, finalized ${at(lesson.finalizedAt)}` : ""}.`,
  ].join("\n");
  const mediaText = [
    `Media connection (both sides report every ${Math.round(media.heartbeatMs / 1000)} s whether they send and receive the other's audio/video):`,
    `student connected ${minutes(media.totals.studentMs)}, tutor connected ${minutes(media.totals.tutorMs)}, both at once ${minutes(media.totals.bothMs)}${media.approximate ? " (upper bounds)" : ""}.`,
    ...media.spans.map((s) => `  ${s.participant.toLowerCase()}: ${at(s.from)} – ${at(s.to)}`),
  ].join("\n");
  const timeline = audit.map((e) => `${at(e.at)} ${e.action} (${e.actorType.toLowerCase()})${e.reason ? `: ${e.reason}` : ""}`).join("\n");
  return {
    product_description: `A paid ${lesson.durationMinutes}-minute online lesson held on the platform's lesson page (video call in the browser).`,
    customer_name: lesson.student.name,
    customer_email_address: lesson.student.email,
    service_date: lesson.scheduledStart.toISOString().slice(0, 10),
    // service_documentation is a file upload at Stripe; the facts are text, so they go in the activity log
    access_activity_log: `${service}\n\n${mediaText}`,
    uncategorized_text: `Timeline of the lesson (audit trail, UTC):\n${timeline}`,
  };
}
