import "server-only";
// The rows one transition writes, built in one place: applyCommand writes them for one lesson, applyCommandBatch for
// many lessons in a few set-wise statements. Both writers take their rows from here, so a batch writes exactly what
// the same commands given one by one would write.
import { randomUUID } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import type { AlertInput } from "~/server/alerts/raise-alert";
import { auditEventData } from "~/server/audit/audit-event";
import { changedColumns, lessonColumns, paymentColumns } from "./state-rows";
import type { Actor, LessonState, TransitionResult } from "./types";

type LessonColumns = ReturnType<typeof lessonColumns>;
type PaymentColumns = ReturnType<typeof paymentColumns> & { authorizedAt?: Date; capturedAt?: Date };

export interface TransitionRows {
  /** the lesson columns that changed (empty for a booking, whose row is created by the caller) */
  lessonChanges: Partial<LessonColumns>;
  /** the payment columns that changed, with the instant the money moved */
  paymentChanges: Partial<PaymentColumns>;
  operations: Prisma.PaymentOperationCreateManyInput[];
  audit: Prisma.AuditEventCreateManyInput[];
  alerts: AlertInput[];
}

export function transitionRows(
  before: LessonState | null,
  result: TransitionResult,
  actor: Actor,
  now: Date,
  reason?: string,
): TransitionRows {
  const { next } = result;
  let lessonChanges: Partial<LessonColumns> = {};
  let paymentChanges: Partial<PaymentColumns> = {};
  if (before) {
    lessonChanges = changedColumns(lessonColumns(before.lesson), lessonColumns(next.lesson));
    paymentChanges = changedColumns(paymentColumns(before.payment), paymentColumns(next.payment));
    if (Object.keys(paymentChanges).length > 0) {
      // When the money moved, for reports and the admin pages (not part of the pure state).
      const moved = next.payment.status !== before.payment.status ? next.payment.status : null;
      if (moved === "AUTHORIZED") paymentChanges.authorizedAt = now;
      if (moved === "CAPTURED") paymentChanges.capturedAt = now;
    }
  }
  const operations = result.operations.map((op) => ({
    id: randomUUID(),
    paymentId: next.payment.id,
    kind: op.kind,
    amount: op.amount,
    idempotencyKey: op.idempotencyKey,
    nextAttemptAt: op.runAt ?? now,
  }));
  const audit = result.audit.map((fact) =>
    auditEventData({
      ...fact,
      at: now,
      actor,
      subject: { type: fact.subject, id: fact.subject === "LESSON" ? next.lesson.id : next.payment.id },
      lessonId: next.lesson.id,
      reason: fact.reason ?? reason ?? null,
    }),
  );
  const alerts = result.alerts.map((alert): AlertInput => ({
    ...alert,
    subjectType: "LESSON",
    subjectId: next.lesson.id,
    lessonId: next.lesson.id,
  }));
  return { lessonChanges, paymentChanges, operations, audit, alerts };
}

/** Every column of the snapshots as written back, with its SQL type: the batched writer sets them all at once. */
export const LESSON_COLUMN_TYPES: Record<keyof LessonColumns, string> = {
  status: '"LessonStatus"',
  scheduledStart: "timestamp",
  scheduledEnd: "timestamp",
  durationMinutes: "int",
  priceAmount: "int",
  currency: "text",
  studentJoinedAt: "timestamp",
  tutorJoinedAt: "timestamp",
  studentLastJoinedAt: "timestamp",
  tutorLastJoinedAt: "timestamp",
  studentLeftAt: "timestamp",
  tutorLeftAt: "timestamp",
  callStartedAt: "timestamp",
  callEndedAt: "timestamp",
  endedBy: '"Participant"',
  cancelReason: '"CancelReason"',
  noShowParty: '"Participant"',
  finalizedAt: "timestamp",
  version: "int",
};

export const PAYMENT_COLUMN_TYPES: Record<keyof ReturnType<typeof paymentColumns>, string> = {
  status: '"PaymentStatus"',
  amount: "int",
  currency: "text",
  authorizationMode: '"AuthorizationMode"',
  authorizeAt: "timestamp",
  authorizationAttempts: "int",
  captureBefore: "timestamp",
  settlementAmount: "int",
  amountCaptured: "int",
  platformFee: "int",
  tutorShare: "int",
  amountRefunded: "int",
  amountDisputed: "int",
  providerPaymentIntentId: "text",
  lastError: "text",
};

/** The payment's columns as a change writes them: the snapshot's, and the instants the money moved. */
export const PAYMENT_WRITE_COLUMN_TYPES: Record<string, string> = {
  ...PAYMENT_COLUMN_TYPES,
  authorizedAt: "timestamp",
  capturedAt: "timestamp",
};

/** Only the columns some of `changes` hold (the rest keep their stored value). */
export function changedColumnTypes(types: Record<string, string>, changes: object[]): Record<string, string> {
  const changed = new Set(changes.flatMap((c) => Object.keys(c)));
  return Object.fromEntries(Object.entries(types).filter(([column]) => changed.has(column)));
}

/** The columns transitionRows fills in its operation and audit rows (the others take their defaults). */
export const OPERATION_COLUMN_TYPES: Partial<Record<keyof Prisma.PaymentOperationCreateManyInput, string>> = {
  id: "text",
  paymentId: "text",
  kind: '"OperationKind"',
  amount: "int",
  idempotencyKey: "text",
  nextAttemptAt: "timestamp",
};

export const AUDIT_COLUMN_TYPES: Partial<Record<keyof Prisma.AuditEventCreateManyInput, string>> = {
  id: "text",
  at: "timestamp",
  actorType: "text",
  actorId: "text",
  action: "text",
  subjectType: "text",
  subjectId: "text",
  lessonId: "text",
  fromState: "text",
  toState: "text",
  reason: "text",
  metadata: "jsonb",
};
