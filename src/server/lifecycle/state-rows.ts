import "server-only";
// Between database rows and the lifecycle's plain LessonState. Only applyCommand
// and booking use this; nothing else writes lesson or payment status.
import type { Dispute, Lesson, Payment, Prisma } from "~/generated/prisma/client";
import { isOneOf, LIVE_OPERATION_STATES } from "~/shared/statuses";
import type { DisputeSnapshot, LessonSnapshot, LessonState, LiveOperation, OperationKind, PaymentSnapshot } from "./types";

export type Tx = Prisma.TransactionClient;

export function lessonSnapshot(l: Lesson): LessonSnapshot {
  return {
    id: l.id,
    status: l.status,
    studentId: l.studentId,
    tutorId: l.tutorId,
    scheduledStart: l.scheduledStart,
    scheduledEnd: l.scheduledEnd,
    durationMinutes: l.durationMinutes as 25 | 50,
    priceAmount: l.priceAmount,
    currency: l.currency,
    studentJoinedAt: l.studentJoinedAt,
    tutorJoinedAt: l.tutorJoinedAt,
    studentLastJoinedAt: l.studentLastJoinedAt,
    tutorLastJoinedAt: l.tutorLastJoinedAt,
    studentLeftAt: l.studentLeftAt,
    tutorLeftAt: l.tutorLeftAt,
    callStartedAt: l.callStartedAt,
    callEndedAt: l.callEndedAt,
    endedBy: l.endedBy,
    cancelReason: l.cancelReason,
    noShowParty: l.noShowParty,
    finalizedAt: l.finalizedAt,
    version: l.version,
  };
}

export function paymentSnapshot(p: Payment): PaymentSnapshot {
  return {
    id: p.id,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    authorizationMode: p.authorizationMode,
    authorizeAt: p.authorizeAt,
    authorizationAttempts: p.authorizationAttempts,
    captureBefore: p.captureBefore,
    settlementAmount: p.settlementAmount,
    amountCaptured: p.amountCaptured,
    platformFee: p.platformFee,
    tutorShare: p.tutorShare,
    amountRefunded: p.amountRefunded,
    amountDisputed: p.amountDisputed,
    providerPaymentIntentId: p.providerPaymentIntentId,
    lastError: p.lastError,
  };
}

/**
 * Lock the lesson row, then its payment row (always in that order, so two commands
 * on one lesson can never deadlock), and read the state the transition works on.
 * The locking reads return the rows themselves, and the payment's read carries its
 * operations, so a command costs two round trips here instead of five (this runs for
 * every command and every provider outcome; see the capture-throughput benchmark).
 * Not one joined statement: its snapshot would be taken before it waits for the lesson lock, and in READ COMMITTED the
 * operations read by the subquery would then miss what the transaction it waited for had just written. Taken second,
 * the payment's read starts after the lesson lock is ours, when every command before us has committed.
 */
export async function loadLockedState(tx: Tx, lessonId: string): Promise<LessonState | null> {
  const [lesson] = await tx.$queryRaw<Lesson[]>`SELECT * FROM "Lesson" WHERE id = ${lessonId} FOR UPDATE`;
  if (!lesson) return null;
  const [payment] = await tx.$queryRaw<(Payment & { operations: OperationSummary[]; dispute: Record<string, unknown> | null })[]>`
    SELECT p.*,
      COALESCE((SELECT json_agg(json_build_object('kind', o.kind, 'state', o.state, 'amount', o.amount))
                FROM "PaymentOperation" o WHERE o."paymentId" = p.id), '[]'::json) AS operations,
      (SELECT row_to_json(d) FROM "Dispute" d WHERE d."paymentId" = p.id ORDER BY d."openedAt" DESC, d.id LIMIT 1) AS dispute
    FROM "Payment" p WHERE p."lessonId" = ${lessonId} FOR UPDATE`;
  if (!payment) throw new Error(`Lesson ${lessonId} has no payment row`);
  const { operations, dispute, ...paymentRow } = payment;
  return stateFrom(lesson, paymentRow, operations, dispute ? disputeSnapshot(disputeFromJson(dispute)) : null);
}

/** row_to_json gives instants as strings. */
function disputeFromJson(row: Record<string, unknown>): Dispute {
  const date = (v: unknown) =>
    v === null || v === undefined ? null : new Date(`${String(v)}${/Z|[+-]\d\d:?\d\d$/.test(String(v)) ? "" : "Z"}`);
  return {
    ...(row as unknown as Dispute),
    evidenceDueBy: date(row.evidenceDueBy),
    evidenceSubmittedAt: date(row.evidenceSubmittedAt),
    openedAt: date(row.openedAt) ?? new Date(0),
    closedAt: date(row.closedAt),
    createdAt: date(row.createdAt) ?? new Date(0),
    updatedAt: date(row.updatedAt) ?? new Date(0),
  };
}

export function disputeSnapshot(d: Dispute): DisputeSnapshot {
  return {
    id: d.id,
    providerDisputeId: d.providerDisputeId,
    providerChargeId: d.providerChargeId,
    amount: d.amount,
    currency: d.currency,
    reason: d.reason,
    status: d.status,
    evidenceDueBy: d.evidenceDueBy,
    evidenceSubmittedAt: d.evidenceSubmittedAt,
    evidenceSubmittedBy: d.evidenceSubmittedBy,
    fundsWithdrawn: d.fundsWithdrawn,
    fundsReinstated: d.fundsReinstated,
    feeAmount: d.feeAmount,
    openedAt: d.openedAt,
    closedAt: d.closedAt,
  };
}

export interface OperationSummary {
  kind: string;
  state: string;
  amount: number | null;
}

export function stateFrom(lesson: Lesson, payment: Payment, ops: OperationSummary[], dispute: DisputeSnapshot | null = null): LessonState {
  const live: LiveOperation[] = ops
    .filter((o) => isOneOf(LIVE_OPERATION_STATES, o.state))
    .map((o) => ({ kind: o.kind as OperationKind, amount: o.amount }));
  const count = (k: OperationKind) => ops.filter((o) => o.kind === k).length;
  return {
    lesson: lessonSnapshot(lesson),
    payment: paymentSnapshot(payment),
    liveOperations: live,
    refundOperationCount: count("REFUND"),
    pendingRefundAmount: live.filter((o) => o.kind === "REFUND").reduce((s, o) => s + (o.amount ?? 0), 0),
    captureOperationCount: count("CAPTURE"),
    voidOperationCount: count("VOID"),
    disputeEvidenceOperationCount: count("DISPUTE_EVIDENCE"),
    dispute,
  };
}

/** The columns of a lesson snapshot, as written back. */
export function lessonColumns(l: LessonSnapshot) {
  const { id: _id, studentId: _s, tutorId: _t, ...rest } = l;
  return rest;
}

export function paymentColumns(p: PaymentSnapshot) {
  const { id: _id, ...rest } = p;
  return rest;
}

/** The entries of `next` that differ from `before` (dates compared by instant). */
export function changedColumns<T extends object>(before: T, next: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    const a = before[key];
    const b = next[key];
    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
    if (!same) out[key] = b;
  }
  return out;
}
