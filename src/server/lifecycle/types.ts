import "server-only";
// The lifecycle's vocabulary. Plain data only: the pure transition function and
// the database writer (applyCommand) both speak it, so nothing here imports Prisma.
// The status lists are ~/shared/statuses' (checked against the Prisma enums by a test).

import type { LifecycleAuditAction, MetadataField } from "~/server/audit/audit-actions";
import type { DisputeStatus, LessonStatus, PaymentStatus } from "~/shared/statuses";

export { LESSON_STATUSES, PAYMENT_STATUSES } from "~/shared/statuses";
export type { DisputeStatus, LessonStatus, PaymentStatus };

export type Participant = "STUDENT" | "TUTOR";
export type ActorType = Participant | "ADMIN" | "CRON" | "WEBHOOK" | "WORKER" | "OPS";
export interface Actor {
  type: ActorType;
  /** user id for humans, job name for machines */
  id: string;
}

export type OperationKind = "AUTHORIZE" | "CAPTURE" | "VOID" | "REFUND" | "DISPUTE_EVIDENCE";
export type AuthorizationMode = "ON_SESSION" | "OFF_SESSION";
export type CancelReason = "CANCELLED_BY_STUDENT" | "CANCELLED_BY_TUTOR" | "CANCELLED_BY_ADMIN" | "NOBODY_JOINED" | "PAYMENT_FAILED";

export interface LessonSnapshot {
  id: string;
  status: LessonStatus;
  studentId: string;
  tutorId: string;
  scheduledStart: Date;
  scheduledEnd: Date;
  durationMinutes: 25 | 50;
  priceAmount: number; // minor units
  currency: string; // ISO 4217, upper case
  studentJoinedAt: Date | null; // first join
  tutorJoinedAt: Date | null;
  studentLastJoinedAt: Date | null; // most recent (re)join
  tutorLastJoinedAt: Date | null;
  studentLeftAt: Date | null; // most recent leave
  tutorLeftAt: Date | null;
  callStartedAt: Date | null;
  callEndedAt: Date | null;
  endedBy: Participant | null;
  cancelReason: CancelReason | null;
  noShowParty: Participant | null;
  finalizedAt: Date | null;
  version: number;
}

export interface PaymentSnapshot {
  id: string;
  status: PaymentStatus;
  amount: number; // authorized amount, minor units
  currency: string;
  authorizationMode: AuthorizationMode;
  /** when a scheduled (off-session) authorization is due; null once authorized or for on-session */
  authorizeAt: Date | null;
  authorizationAttempts: number;
  captureBefore: Date | null;
  /** decided when the lesson becomes terminal: amount to capture, 0 = void. null = not decided yet */
  settlementAmount: number | null;
  amountCaptured: number;
  platformFee: number;
  tutorShare: number;
  amountRefunded: number;
  /** the part of the capture taken back by lost disputes, reversed on both sides like a refund */
  amountDisputed: number;
  providerPaymentIntentId: string | null;
  lastError: string | null;
}

/** A chargeback or inquiry on the payment's charge, as the provider last reported it, plus what we did about it. */
export interface DisputeSnapshot {
  id: string;
  providerDisputeId: string;
  providerChargeId: string;
  amount: number;
  currency: string;
  reason: string;
  status: DisputeStatus;
  evidenceDueBy: Date | null;
  evidenceSubmittedAt: Date | null;
  evidenceSubmittedBy: string | null;
  fundsWithdrawn: number;
  fundsReinstated: number;
  feeAmount: number;
  openedAt: Date;
  closedAt: Date | null;
}

/** What the provider says about a dispute (read through ~/server/providers/mapping/dispute.ts). */
export interface DisputeFacts {
  providerDisputeId: string;
  providerChargeId: string;
  amount: number;
  currency: string;
  reason: string;
  status: DisputeStatus;
  evidenceDueBy: Date | null;
  fundsWithdrawn: number;
  fundsReinstated: number;
  feeAmount: number;
  openedAt: Date;
}

/** An operation that is not finished (PENDING, IN_FLIGHT or UNKNOWN). */
export interface LiveOperation {
  kind: OperationKind;
  amount: number | null;
}

export interface LessonState {
  lesson: LessonSnapshot;
  payment: PaymentSnapshot;
  liveOperations: LiveOperation[];
  /** count of all REFUND operations ever requested (any state), for refund idempotency keys */
  refundOperationCount: number;
  /** amount of refunds requested but not yet succeeded */
  pendingRefundAmount: number;
  /**
   * count of all CAPTURE operations ever requested for this payment (any state). A retry after a FAILED capture
   * needs a fresh idempotency key, because the provider replays the stored error for a reused key:
   * `capture:<paymentId>` for the first, `capture:<paymentId>:<n+1>` afterwards.
   */
  captureOperationCount: number;
  /** count of all VOID operations ever requested (any state); keys like the capture ones: `void:<paymentId>[:<n+1>]` */
  voidOperationCount: number;
  /** count of all DISPUTE_EVIDENCE operations ever requested: keys `dispute-evidence:<disputeId>:<n>` */
  disputeEvidenceOperationCount: number;
  /** the payment's dispute (a charge can be disputed once), null when there is none */
  dispute: DisputeSnapshot | null;
}

export type Command =
  | { type: "JOIN"; by: Participant }
  | { type: "LEAVE"; by: Participant }
  | { type: "END_CALL"; by: Participant }
  | { type: "CANCEL"; by: Participant; reason?: string }
  | { type: "FINALIZE" }
  | { type: "AUTHORIZE_SCHEDULED" }
  | { type: "SWEEP" }
  | { type: "ADMIN_CAPTURE"; reason: string; amount?: number }
  | { type: "ADMIN_VOID"; reason: string }
  | { type: "ADMIN_REFUND"; reason: string; amount: number }
  // provider outcomes, recorded by the operation worker, webhooks and reconciliation
  | { type: "AUTHORIZATION_SUCCEEDED"; paymentIntentId: string; captureBefore: Date }
  | { type: "AUTHORIZATION_FAILED"; code: string; message: string; paymentIntentId?: string }
  | { type: "CAPTURE_SUCCEEDED"; amountCaptured: number }
  | { type: "CAPTURE_FAILED"; code: string; message: string }
  | { type: "VOID_SUCCEEDED" }
  | { type: "AUTHORIZATION_EXPIRED" }
  | { type: "REFUND_SUCCEEDED"; amount: number; totalRefunded?: number }
  // disputes: the provider's report (webhook, worker, reconciliation), the admin's answer, and its outcome
  | { type: "DISPUTE_REPORTED"; dispute: DisputeFacts }
  | { type: "ADMIN_SUBMIT_DISPUTE_EVIDENCE"; reason: string }
  | { type: "DISPUTE_EVIDENCE_SUBMITTED"; dispute: DisputeFacts }
  | { type: "DISPUTE_EVIDENCE_FAILED"; code: string; message: string };

export type CommandType = Command["type"];

export interface OperationRequest {
  kind: OperationKind;
  /** minor units; null for VOID */
  amount: number | null;
  /** deterministic provider idempotency key, e.g. capture:<paymentId> */
  idempotencyKey: string;
  /** run no earlier than this (defaults to now) */
  runAt?: Date;
}

export type AlertType =
  | "ORPHANED_AUTHORIZATION"
  | "TUTOR_NO_SHOW"
  | "AUTHORIZATION_EXPIRED"
  | "AUTHORIZATION_FAILED"
  | "CAPTURE_FAILED"
  | "CAPTURE_DEADLINE_NEAR"
  | "OPERATION_RETRYING"
  | "PROVIDER_MISMATCH"
  | "PAYOUT_RETURNED"
  | "PAYOUT_FAILED"
  | "DISPUTE_OPENED"
  | "DISPUTE_LOST"
  | "DISPUTE_EVIDENCE_FAILED";
export type AlertSeverity = "INFO" | "WARNING" | "CRITICAL";

export interface AlertRequest {
  type: AlertType;
  severity: AlertSeverity;
  message: string;
}

/** One audit fact of a transition, e.g. "lesson.ended_early", "payment.captured", "lesson.left"; its metadata's shape is the action's (~/server/audit/audit-actions). */
export type AuditFact = {
  [A in LifecycleAuditAction]: {
    action: A;
    subject: "LESSON" | "PAYMENT";
    from: string | null;
    to: string | null;
    reason?: string;
  } & MetadataField<A>;
}[LifecycleAuditAction];

export interface TransitionResult {
  ok: true;
  /** false when the command changed nothing: the caller returns the current state */
  changed: boolean;
  next: LessonState;
  operations: OperationRequest[];
  audit: AuditFact[];
  alerts: AlertRequest[];
}

export interface Rejection {
  ok: false;
  /** stable machine code, e.g. JOIN_WINDOW_NOT_OPEN */
  code: string;
  /** a sentence a person can act on */
  message: string;
}

export type TransitionOutcome = TransitionResult | Rejection;
