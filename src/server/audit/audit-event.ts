// The one builder of AuditEvent rows (after documenso's createDocumentAuditLogData): the action decides the metadata's
// type, so `auditEvent.create({ data: auditEventData({ action: "payout.created", metadata: … }) })` does not compile
// with a missing or misspelt field. Written in the same transaction as the change it records.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import type { Actor } from "~/server/lifecycle/types";
import type { AuditAction, MetadataField } from "./audit-actions";

export type AuditSubjectType = "LESSON" | "PAYMENT" | "PAYOUT" | "ALERT" | "DISCREPANCY" | "SYSTEM";

export type AuditEventInput<A extends AuditAction> = {
  action: A;
  at: Date;
  actor: Actor;
  subject: { type: AuditSubjectType; id: string };
  /** the lesson it concerns, so the lesson's timeline shows it */
  lessonId?: string | null;
  from?: string | null;
  to?: string | null;
  reason?: string | null;
  /** a fixed id (the lifecycle hands ids back to its callers); a fresh one otherwise */
  id?: string;
} & MetadataField<A>;

export function auditEventData<A extends AuditAction>(input: AuditEventInput<A>): Prisma.AuditEventCreateManyInput {
  const metadata = (input as { metadata?: unknown }).metadata;
  return {
    id: input.id ?? randomUUID(),
    at: input.at,
    actorType: input.actor.type,
    actorId: input.actor.id,
    action: input.action,
    subjectType: input.subject.type,
    subjectId: input.subject.id,
    lessonId: input.lessonId ?? null,
    fromState: input.from ?? null,
    toState: input.to ?? null,
    reason: input.reason ?? null,
    metadata: (metadata ?? undefined) as Prisma.InputJsonValue | undefined,
  };
}
