import "server-only";
// A working copy of the state for one command. Command handlers mutate the copy only through these helpers, so every
// change leaves an audit fact, every status move is checked against graph.ts, and an operation is never requested
// while one of the same kind is live. The input state is never touched: a no-op hands back the very same object.

import type {
  Actor,
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
import type { Policy } from "./policy";
import { canMove } from "./graph";

export interface TransitionContext {
  now: Date;
  policy: Readonly<Policy>;
  actor: Actor;
}

export interface FactDetails {
  reason?: string;
  metadata?: Record<string, unknown>;
}

export function noOp(state: LessonState): TransitionResult {
  return { ok: true, changed: false, next: state, operations: [], audit: [], alerts: [] };
}

const LESSON_ACTIONS: Record<LessonStatus, string> = {
  SCHEDULED: "lesson.booked",
  IN_PROGRESS: "lesson.call_started",
  ENDED_EARLY: "lesson.ended_early",
  COMPLETED: "lesson.completed",
  CANCELLED: "lesson.cancelled",
  NO_SHOW: "lesson.no_show",
};

const PAYMENT_ACTIONS: Record<PaymentStatus, string> = {
  AWAITING_AUTHORIZATION: "payment.created",
  AUTHORIZED: "payment.authorized",
  CAPTURED: "payment.captured",
  PARTIALLY_REFUNDED: "payment.refunded",
  REFUNDED: "payment.refunded",
  VOIDED: "payment.voided",
  EXPIRED: "payment.expired",
  FAILED: "payment.failed",
};

const REQUEST_ACTIONS: Record<OperationKind, string> = {
  AUTHORIZE: "payment.authorization_requested",
  CAPTURE: "payment.capture_requested",
  VOID: "payment.void_requested",
  REFUND: "payment.refund_requested",
};

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

  moveLesson(to: LessonStatus, details: FactDetails = {}): void {
    const from = this.lesson.status;
    if (!canMove("LESSON", from, to, this.command.type)) {
      throw new Error(`lifecycle bug: lesson ${from} → ${to} via ${this.command.type} is not in graph.ts`);
    }
    this.lesson.status = to;
    this.audit.push({ action: LESSON_ACTIONS[to], subject: "LESSON", from, to, ...details });
  }

  movePayment(to: PaymentStatus, details: FactDetails = {}): void {
    const from = this.payment.status;
    if (!canMove("PAYMENT", from, to, this.command.type)) {
      throw new Error(`lifecycle bug: payment ${from} → ${to} via ${this.command.type} is not in graph.ts`);
    }
    this.payment.status = to;
    this.audit.push({ action: PAYMENT_ACTIONS[to], subject: "PAYMENT", from, to, ...details });
  }

  /** A fact that changes fields but not the status; from/to carry the status it happened in. */
  noteLesson(action: string, details: FactDetails = {}): void {
    const status = this.lesson.status;
    this.audit.push({ action, subject: "LESSON", from: status, to: status, ...details });
  }

  notePayment(action: string, details: FactDetails = {}): void {
    const status = this.payment.status;
    this.audit.push({ action, subject: "PAYMENT", from: status, to: status, ...details });
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
  request(kind: OperationKind, amount: number | null, details: FactDetails = {}): boolean {
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
    }
    this.operations.push({ kind, amount, idempotencyKey });
    // Listed as live so later steps of the same command (and the next command, once written) see it.
    s.liveOperations = [...s.liveOperations, { kind, amount }];
    this.notePayment(REQUEST_ACTIONS[kind], {
      ...details,
      metadata: { amount, idempotencyKey, ...details.metadata },
    });
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
