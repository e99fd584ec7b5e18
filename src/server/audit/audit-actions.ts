// Every audit action the product writes, with the shape of its metadata. The lifecycle's facts, the payout writer,
// problem reports, alert resolutions and the demo seed all name their action here, and the row is built by one helper
// (audit-event.ts), so an audit row cannot be written with an action nobody declared or with the wrong metadata.
// Plain types: the pure lifecycle imports them.
import "server-only";
import type { AuthorizationMode, Participant } from "~/server/lifecycle/types";
import type { DisputeStatus, PayoutStatus } from "~/shared/statuses";

/** What a command adds to the facts it leaves: who acted by hand, what they asked for, what the sweep re-derived. */
export interface CommandContext {
  actorType?: string;
  actorId?: string;
  requestedAmount?: number;
  refundable?: number;
  endedBy?: Participant;
  derivedSettlement?: boolean;
}

/** A lesson made terminal by the finalize rules (finalize, the sweep, an admin capture after the end). */
type FinalOutcomeMetadata = CommandContext & {
  studentJoinedAt: string | null;
  tutorJoinedAt: string | null;
  settlementAmount: number;
};

/** A participant's cancellation: how much notice it gave, and what it costs the student. */
interface CancellationMetadata {
  cancelledBy: Participant;
  noticeMinutes: number;
  withinNotice: boolean;
  freeCancellationUntil: string;
  fee: string | null;
}

/** A provider call requested through the outbox (the operation's amount and idempotency key). */
type RequestMetadata = CommandContext & { amount: number | null; idempotencyKey: string; mode?: AuthorizationMode; attempt?: number };

interface PayoutMoveMetadata {
  amount: number;
  currency: string;
  method: string;
  providerStatus: string | null;
}

type DisputeMetadata = {
  providerDisputeId: string;
  status: DisputeStatus;
  amount: number;
  reason: string;
  evidenceDueBy: string | null;
  fundsWithdrawn: number;
  fundsReinstated: number;
  feeAmount: number;
};

/** `undefined` = the action carries no metadata; a union with `undefined` = it may. */
export interface AuditMetadataByAction {
  // lesson status moves (lifecycle)
  "lesson.booked": { scheduledStart: string; durationMinutes: number; price: string };
  "lesson.call_started": undefined;
  "lesson.ended_early": { endedBy: Participant };
  "lesson.completed": FinalOutcomeMetadata;
  "lesson.cancelled": FinalOutcomeMetadata | CancellationMetadata | CommandContext | undefined;
  "lesson.no_show": FinalOutcomeMetadata & { noShowParty: Participant };
  // lesson facts without a move
  "lesson.joined": { participant: Participant; at: string; firstJoin: boolean };
  "lesson.left": { participant: Participant; at: string };
  // payment status moves (lifecycle)
  "payment.created": { amount: number; currency: string; mode: AuthorizationMode };
  "payment.authorized": { paymentIntentId: string; captureBefore: string };
  "payment.captured": { amountCaptured: number; platformFee: number; tutorShare: number };
  "payment.refunded": { refunded: number; totalRefunded: number; platformFeeReversed: number; tutorShareReversed: number };
  "payment.voided": undefined;
  "payment.expired": { captureBefore: string | null };
  "payment.failed": undefined;
  // payment facts without a move
  "payment.authorization_requested": RequestMetadata;
  "payment.capture_requested": RequestMetadata;
  "payment.void_requested": RequestMetadata;
  "payment.refund_requested": RequestMetadata;
  "payment.authorization_scheduled": { authorizeAt: string; mode: "OFF_SESSION" };
  "payment.authorization_retry_scheduled": { code: string; retryAt: string; attempt: number };
  "payment.second_authorization": { paymentIntentId: string };
  "payment.late_authorization": { paymentIntentId: string; captureBefore: string };
  "payment.capture_failed": { code: string };
  "payment.unexpected_capture": { amountCaptured: number };
  "payment.unexpected_void": undefined;
  "payment.settlement_decided": CommandContext & { amount: number; previous: number | null };
  "payment.settlement_waived": { waivedAmount: number };
  // disputes (chargebacks and inquiries) on the payment's charge
  "payment.dispute_opened": DisputeMetadata;
  "payment.dispute_updated": DisputeMetadata & { previousStatus: DisputeStatus };
  "payment.dispute_won": DisputeMetadata;
  "payment.dispute_lost": DisputeMetadata & { platformFeeReversed: number; tutorShareReversed: number };
  "payment.dispute_closed": DisputeMetadata;
  "payment.dispute_second": { providerDisputeId: string; currentDisputeId: string };
  "payment.dispute_evidence_requested": RequestMetadata;
  "payment.dispute_evidence_submitted": DisputeMetadata;
  "payment.dispute_evidence_failed": { code: string };
  // payouts (payout-state.ts is their one writer; create-payout.ts opens them)
  "payout.created": { amount: number; currency: string; entries: number; retryOf?: string };
  /** an admin sent an unsettled payout again (same id, reconciled first); the reason is the row's reason */
  "payout.retry_requested": { status: string };
  // where a tutor's payouts go (subject PAYOUT_ACCOUNT = the tutor's id)
  "payout_destination.changed": {
    changeId: string;
    method: string;
    destination: string;
    previousMethod: string | null;
    previousDestination: string | null;
    effectiveAt: string;
  };
  "payout_destination.change_cancelled": { changeId: string; restoredMethod: string | null; restoredDestination: string | null };
  // problem reports
  "problem.reported": undefined;
  "problem.resolved": undefined;
  // admin
  "alert.resolved": { type: string; severity: string; alertSubjectType: string; alertSubjectId: string };
  "discrepancy.resolved": { kind: string; subjectType: string; subjectId: string };
  "admin.reconciliation_requested": undefined;
  "admin.exported_lessons": { timeZone: string; from?: string; to?: string; q?: string; status?: string; paymentStatus?: string };
  // the demo seed
  "demo.legacy_import": undefined;
  "demo.scenarios_seeded": undefined;
}

/** A payout's move to a status: `payout.sending`, `payout.paid`, `payout.returned` … */
export type PayoutMoveAction = `payout.${Lowercase<PayoutStatus>}`;

export type AuditMetadataMap = AuditMetadataByAction & { [A in PayoutMoveAction]: PayoutMoveMetadata };
export type AuditAction = keyof AuditMetadataMap;
export type AuditMetadata<A extends AuditAction> = AuditMetadataMap[A];

/** `{ metadata }` as the action requires it: required when it has a shape, optional when it may be absent. */
export type MetadataField<A extends AuditAction> =
  undefined extends AuditMetadata<A> ? { metadata?: Exclude<AuditMetadata<A>, undefined> } : { metadata: AuditMetadata<A> };

/** The actions the lifecycle's transitions write (their rows are built from AuditFacts in applyCommand). */
export type LifecycleAuditAction = Extract<AuditAction, `lesson.${string}` | `payment.${string}`>;
