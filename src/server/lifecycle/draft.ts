import "server-only";
// A working copy of the state for one command. Command handlers mutate the copy only through these helpers, so every
// change leaves an audit fact, every status move is checked against graph.ts, and an operation is never requested
// while one of the same kind is live. The input state is never touched: a no-op hands back the very same object.

import type {
  Actor,
  AuthorizationMode,
  AlertSeverity,
  AlertType,
  AlertRequest,
  AuditFact,
  Command,
  LessonState,
  LessonStatus,
  OperationKind,
  OperationRequest,
  PaymentStatus,
  TransitionResult,
} from "./types";
import type { AuditMetadata, CommandContext, LifecycleAuditAction, MetadataField } from "~/server/audit/audit-actions";
import type { Policy } from "./policy";
import { canMove } from "./graph";

export interface TransitionContext {
  now: Date;
  policy: Readonly<Policy>;
  actor: Actor;
}

/** What a command passes down to the facts it leaves: a reason, and its context (who acted by hand, and why). */
export interface FactDetails {
  reason?: string;
  metadata?: CommandContext;
}

/** A fact's reason and metadata, typed by its action. */
export type DetailsOf<A extends LifecycleAuditAction> = { reason?: string } & MetadataField<A>;
/** The details argument: required when the action's metadata is, optional otherwise. */
type DetailsArg<A extends LifecycleAuditAction> = undefined extends AuditMetadata<A> ? [details?: DetailsOf<A>] : [details: DetailsOf<A>];

type LessonMove<S extends LessonStatus> = (typeof LESSON_ACTIONS)[S];
type PaymentMove<S extends PaymentStatus> = (typeof PAYMENT_ACTIONS)[S];
type LessonNote = "lesson.joined" | "lesson.left";
type PaymentNote = Exclude<Extract<LifecycleAuditAction, `payment.${string}`>, PaymentMove<PaymentStatus> | RequestAction>;
type RequestAction = (typeof REQUEST_ACTIONS)[OperationKind];

export function noOp(state: LessonState): TransitionResult {
  return { ok: true, changed: false, next: state, operations: [], audit: [], alerts: [] };
}

const LESSON_ACTIONS = {
  SCHEDULED: "lesson.booked",
  IN_PROGRESS: "lesson.call_started",
  ENDED_EARLY: "lesson.ended_early",
  COMPLETED: "lesson.completed",
  CANCELLED: "lesson.cancelled",
  NO_SHOW: "lesson.no_show",
} as const satisfies Record<LessonStatus, LifecycleAuditAction>;

const PAYMENT_ACTIONS = {
  AWAITING_AUTHORIZATION: "payment.created",
  AUTHORIZED: "payment.authorized",
  CAPTURED: "payment.captured",
  PARTIALLY_REFUNDED: "payment.refunded",
  REFUNDED: "payment.refunded",
  VOIDED: "payment.voided",
  EXPIRED: "payment.expired",
  FAILED: "payment.failed",
} as const satisfies Record<PaymentStatus, LifecycleAuditAction>;

const REQUEST_ACTIONS = {
  AUTHORIZE: "payment.authorization_requested",
  CAPTURE: "payment.capture_requested",
  VOID: "payment.void_requested",
  REFUND: "payment.refund_requested",
  DISPUTE_EVIDENCE: "payment.dispute_evidence_requested",
} as const satisfies Record<OperationKind, LifecycleAuditAction>;

export class Draft {
  readonly state: LessonState;
  readonly operations: OperationRequest[] = [];
  readonly audit: AuditFact[] = [];
  readonly alerts: AlertRequest[] = [];

  constructor(
    readonly before: LessonState,
    readonly command: Command,
    readonly ctx: TransitionContext,
  ) {
    this.state = structuredClone(before);
  }

  get lesson() {
    return this.state.lesson;
  }
  get payment() {
    return this.state.payment;
  }
  get now(): Date {
    return this.ctx.now;
  }
  get policy(): Readonly<Policy> {
    return this.ctx.policy;
  }

  moveLesson<S extends LessonStatus>(to: S, ...[details]: DetailsArg<LessonMove<S>>): void {
    const from = this.lesson.status;
    if (!canMove("LESSON", from, to, this.command.type)) {
      throw new Error(`lifecycle bug: lesson ${from} → ${to} via ${this.command.type} is not in graph.ts`);
    }
    this.lesson.status = to;
    this.fact(LESSON_ACTIONS[to], "LESSON", from, to, details);
  }

  movePayment<S extends PaymentStatus>(to: S, ...[details]: DetailsArg<PaymentMove<S>>): void {
    const from = this.payment.status;
    if (!canMove("PAYMENT", from, to, this.command.type)) {
      throw new Error(`lifecycle bug: payment ${from} → ${to} via ${this.command.type} is not in graph.ts`);
    }
    this.payment.status = to;
    this.fact(PAYMENT_ACTIONS[to], "PAYMENT", from, to, details);
  }

  /** A fact that changes fields but not the status; from/to carry the status it happened in. */
  noteLesson<A extends LessonNote>(action: A, ...[details]: DetailsArg<A>): void {
    this.fact(action, "LESSON", this.lesson.status, this.lesson.status, details);
  }

  notePayment<A extends PaymentNote>(action: A, ...[details]: DetailsArg<A>): void {
    this.fact(action, "PAYMENT", this.payment.status, this.payment.status, details);
  }

  /** The callers above tie each action to its details' type; TypeScript cannot follow that link into one push. */
  private fact(action: LifecycleAuditAction, subject: AuditFact["subject"], from: string, to: string, details: object = {}): void {
    this.audit.push({ action, subject, from, to, ...details } as AuditFact);
  }

  raise(type: AlertType, severity: AlertSeverity, message: string): void {
    this.alerts.push({ type, severity, message });
  }

  isLive(kind: OperationKind): boolean {
    return this.state.liveOperations.some((op) => op.kind === kind);
  }

  /**
   * Ask for a provider call. Returns false (and does nothing) when one of the same kind is already live, or when a
   * capture and a void would race for the same hold, so no path can double-request a capture however it is reached. Keys are deterministic from the payment and counts
   * carried in the state, so a retried transaction produces the same key and a retry after failure a fresh one.
   */
  request(
    kind: OperationKind,
    amount: number | null,
    details: { reason?: string; metadata?: CommandContext & { mode?: AuthorizationMode; attempt?: number } } = {},
  ): boolean {
    if (this.isLive(kind)) return false;
    if ((kind === "CAPTURE" && this.isLive("VOID")) || (kind === "VOID" && this.isLive("CAPTURE"))) return false;
    const s = this.state;
    const id = s.payment.id;
    let idempotencyKey: string;
    switch (kind) {
      case "AUTHORIZE":
        s.payment.authorizationAttempts += 1;
        idempotencyKey = `authorize:${id}:${s.payment.authorizationAttempts}`;
        break;
      case "CAPTURE":
        idempotencyKey = s.captureOperationCount === 0 ? `capture:${id}` : `capture:${id}:${s.captureOperationCount + 1}`;
        s.captureOperationCount += 1;
        break;
      case "VOID":
        idempotencyKey = s.voidOperationCount === 0 ? `void:${id}` : `void:${id}:${s.voidOperationCount + 1}`;
        s.voidOperationCount += 1;
        break;
      case "REFUND":
        s.refundOperationCount += 1;
        s.pendingRefundAmount += amount ?? 0;
        idempotencyKey = `refund:${id}:${s.refundOperationCount}`;
        break;
      case "DISPUTE_EVIDENCE":
        if (!s.dispute) throw new Error("lifecycle bug: evidence requested for a payment without a dispute");
        s.disputeEvidenceOperationCount += 1;
        idempotencyKey = `dispute-evidence:${s.dispute.providerDisputeId}:${s.disputeEvidenceOperationCount}`;
        break;
    }
    this.operations.push({ kind, amount, idempotencyKey });
    // Listed as live so later steps of the same command (and the next command, once written) see it.
    s.liveOperations = [...s.liveOperations, { kind, amount }];
    const status = this.payment.status;
    this.fact(REQUEST_ACTIONS[kind], "PAYMENT", status, status, { ...details, metadata: { amount, idempotencyKey, ...details.metadata } });
    return true;
  }

  result(): TransitionResult {
    if (this.audit.length === 0 && this.operations.length === 0 && this.alerts.length === 0) {
      return noOp(this.before);
    }
    if (this.audit.length === 0) {
      throw new Error(`lifecycle bug: ${this.command.type} changed something without an audit fact`);
    }
    this.lesson.version = this.before.lesson.version + 1;
    return {
      ok: true,
      changed: true,
      next: this.state,
      operations: this.operations,
      audit: this.audit,
      alerts: this.alerts,
    };
  }
}
