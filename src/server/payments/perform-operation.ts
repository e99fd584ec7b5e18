// One outbox operation against the provider, and what it means for the lifecycle. What a
// provider *state* means is read through ~/server/providers/mapping; the answers to our own
// calls are mapped here; the worker does the claiming and recording. Every call carries the
// operation's deterministic idempotency key, so a retry after a lost response can never act twice.
import "server-only";
import { ProviderBusyError } from "./shared-rate-limiter";
import type { OperationKind } from "~/generated/prisma/client";
import { isProviderError, type ProviderFailure } from "~/server/providers/errors";
import { commandFromIntent, type IntentAsker, operationFinish, readPaymentIntent } from "~/server/providers/mapping";
import type { PaymentIntentSnapshot, StripeGateway } from "~/server/providers/stripe";
import type { Command } from "~/server/lifecycle/types";
import { moneyAtStake } from "./stray-objects";

export interface OperationContext {
  operationId: string;
  kind: OperationKind;
  amount: number | null;
  idempotencyKey: string;
  /** true when an earlier attempt's outcome is unknown: look before acting */
  reconcileFirst: boolean;
  /** 1-based attempt number of this claim (the operation row's attempts after claiming) */
  attempt: number;
  /** the previous attempt's recorded error (the operation row's lastError), if any */
  previousError?: string | null;
  lessonId: string;
  paymentId: string;
  paymentIntentId: string | null;
  customerId: string | null;
  paymentMethodId: string | null;
  currency: string;
  offSession: boolean;
  /** amountRefunded we already know about; a refund's target total = this + amount */
  knownRefunded: number;
}

export type OperationOutcome =
  | {
      kind: "record";
      command: Command;
      finish: "SUCCEEDED" | "FAILED";
      error?: string;
      providerObjectId?: string | null;
      /** other PaymentIntents of this payment that hold or took money: recorded as stray and released, never applied */
      strayIntents?: PaymentIntentSnapshot[];
    }
  /** the provider may or may not have acted: retrieve before any retry */
  | { kind: "unknown"; error: string }
  /** nothing happened at the provider (rate limited, not yet visible): try again later */
  | { kind: "retry"; error: string };

const describe = (f: ProviderFailure) => `${f.code}: ${f.message}`;

/** What the operation is waiting for, as the provider-state mapping needs to know it. */
function askerOf(op: OperationContext): IntentAsker {
  if (op.kind === "REFUND") return { operation: "REFUND", knownRefunded: op.knownRefunded, amount: op.amount ?? 0 };
  return op.kind === "DISPUTE_EVIDENCE" ? { operation: null } : { operation: op.kind };
}

/** The outcome a PaymentIntent's current state implies for this operation, if it settles it. */
export function outcomeFromIntent(op: OperationContext, pi: PaymentIntentSnapshot): OperationOutcome | null {
  const command = commandFromIntent(pi, askerOf(op));
  if (!command) return null;
  return { kind: "record", command, ...operationFinish(op.kind, command), providerObjectId: pi.paymentIntentId };
}

export async function performOperation(stripe: StripeGateway, op: OperationContext): Promise<OperationOutcome> {
  let outcome: OperationOutcome;
  try {
    if (op.reconcileFirst) {
      const seen = await lookAtProvider(stripe, op);
      outcome = seen ?? (await act(stripe, withRetryKey(op)));
    } else outcome = await act(stripe, op);
  } catch (err) {
    outcome = await fromFailure(stripe, op, err);
  }
  return withStrayIntents(stripe, op, outcome);
}

/**
 * A cancel is the moment the student expects no hold of ours to be left, and a retried capture or cancel may follow a
 * lost answer or a crash that left a second PaymentIntent behind: those look for the payment's other intents (one
 * search by the paymentId every intent of ours carries). Any that holds or took money is handed back as stray; the
 * worker records it, alerts and releases it, and the current payment is changed only by the outcome itself. A failed
 * look changes nothing (the sweep and reconciliation look again).
 */
async function withStrayIntents(stripe: StripeGateway, op: OperationContext, outcome: OperationOutcome): Promise<OperationOutcome> {
  if (outcome.kind !== "record" || outcome.strayIntents) return outcome;
  if (!(op.kind === "VOID" || (op.kind === "CAPTURE" && op.reconcileFirst)) || !op.paymentIntentId) return outcome;
  const found = await stripe.findPaymentIntentByMetadata({ paymentId: op.paymentId }).catch(() => []);
  const strays = found.filter(
    (pi) => pi.paymentIntentId !== op.paymentIntentId && pi.metadata.paymentId === op.paymentId && moneyAtStake(pi).kind,
  );
  return strays.length > 0 ? { ...outcome, strayIntents: strays } : outcome;
}

/** Appended to an operation's lastError when the provider answered 5xx (so the answer may be stored under the key). */
const ANSWERED_5XX = "[answered 5xx]";

/**
 * The key for a retry that reconciliation showed is still needed. Stripe saves a 500 under the idempotency key and
 * replays it for every later request with that key, so reusing the operation's key after a stored 500 would fail
 * forever (while the hold runs out, or the booking never gets its hold). So:
 * - a capture or void whose hold the provider shows untouched (still `requires_capture`) goes out under a key of its
 *   own attempt. This cannot double-charge: the retrieve just showed no capture or void happened, and a PaymentIntent
 *   accepts one capture (or one cancel) only, so a late-arriving earlier attempt is refused by the provider;
 * - an authorization or refund has no such one-shot guard at the provider, so it keeps its key, unless the previous
 *   attempt was answered with a 5xx: an answered request is finished (not still running somewhere), and the lookup
 *   just showed it left no hold / no refund, so a fresh key cannot create a second one.
 */
function withRetryKey(op: OperationContext): OperationContext {
  const oneShot = op.kind === "CAPTURE" || op.kind === "VOID";
  if (!oneShot && !op.previousError?.endsWith(ANSWERED_5XX)) return op;
  return { ...op, idempotencyKey: `${op.idempotencyKey}/attempt-${op.attempt}` };
}

async function lookAtProvider(stripe: StripeGateway, op: OperationContext): Promise<OperationOutcome | null> {
  if (op.kind === "AUTHORIZE") {
    const found = await stripe.findPaymentIntentByMetadata({ paymentId: op.paymentId, customerId: op.customerId ?? undefined });
    const mine = found.filter((pi) => pi.metadata.paymentId === op.paymentId);
    const held = mine.find((pi) => ["held", "captured"].includes(readPaymentIntent(pi).state));
    const seen = held ? outcomeFromIntent(op, held) : null;
    // More than one attempt took the card (a retry under a fresh key after a lost answer): one is bound, the others are
    // stray holds of this payment.
    const others = mine.filter((pi) => pi !== held && moneyAtStake(pi).kind);
    return seen?.kind === "record" && others.length > 0 ? { ...seen, strayIntents: others } : seen;
  }
  if (!op.paymentIntentId) return null;
  return outcomeFromIntent(op, await stripe.retrievePaymentIntent(op.paymentIntentId));
}

async function act(stripe: StripeGateway, op: OperationContext): Promise<OperationOutcome> {
  switch (op.kind) {
    case "AUTHORIZE": {
      if (!op.customerId || !op.paymentMethodId) {
        return {
          kind: "record",
          command: { type: "AUTHORIZATION_FAILED", code: "no_payment_method", message: "No saved card to authorize." },
          finish: "FAILED",
          error: "no payment method",
        };
      }
      const r = await stripe.authorize({
        amount: op.amount ?? 0,
        currency: op.currency,
        customerId: op.customerId,
        paymentMethodId: op.paymentMethodId,
        offSession: op.offSession,
        idempotencyKey: op.idempotencyKey,
        metadata: { lessonId: op.lessonId, paymentId: op.paymentId },
        transferGroup: `lesson_${op.lessonId}`,
        description: `Lesson ${op.lessonId}`,
      });
      if (r.outcome === "authorized") {
        return {
          kind: "record",
          command: { type: "AUTHORIZATION_SUCCEEDED", paymentIntentId: r.paymentIntentId, captureBefore: r.captureBefore ?? new Date(0) },
          finish: "SUCCEEDED",
          providerObjectId: r.paymentIntentId,
        };
      }
      if (r.outcome === "requires_action") {
        // Our checkout has no 3-D Secure step yet: release the half-made intent and say what to do.
        await stripe
          .cancel({ paymentIntentId: r.paymentIntentId, idempotencyKey: `${op.idempotencyKey}:abandon`, reason: "abandoned" })
          .catch(() => {});
        return {
          kind: "record",
          command: {
            type: "AUTHORIZATION_FAILED",
            code: "authentication_required",
            message: "Your bank asks for extra authentication, which this checkout cannot do yet. Use another card.",
            paymentIntentId: r.paymentIntentId,
          },
          finish: "FAILED",
          error: "authentication_required",
          providerObjectId: r.paymentIntentId,
        };
      }
      return declined(r, r.paymentIntentId);
    }
    case "CAPTURE": {
      const r = await stripe.capture({
        paymentIntentId: need(op.paymentIntentId),
        amountToCapture: op.amount ?? 0,
        idempotencyKey: op.idempotencyKey,
      });
      return {
        kind: "record",
        command: { type: "CAPTURE_SUCCEEDED", amountCaptured: r.amountReceived },
        finish: "SUCCEEDED",
        providerObjectId: r.chargeId ?? r.paymentIntentId,
      };
    }
    case "VOID": {
      const pi = await stripe.cancel({
        paymentIntentId: need(op.paymentIntentId),
        idempotencyKey: op.idempotencyKey,
        reason: "requested_by_customer",
      });
      return outcomeFromIntent(op, pi) ?? { kind: "unknown", error: `unexpected status after cancel: ${pi.status}` };
    }
    case "REFUND": {
      const r = await stripe.refund({
        paymentIntentId: need(op.paymentIntentId),
        amount: op.amount ?? 0,
        idempotencyKey: op.idempotencyKey,
      });
      const pi = await stripe.retrievePaymentIntent(need(op.paymentIntentId)).catch(() => null);
      return {
        kind: "record",
        command: { type: "REFUND_SUCCEEDED", amount: r.amount, totalRefunded: pi ? pi.amountRefunded : undefined },
        finish: "SUCCEEDED",
        providerObjectId: r.refundId,
      };
    }
    case "DISPUTE_EVIDENCE":
      // Needs the lesson's facts from the database: the worker hands it to performDisputeEvidence instead.
      throw new Error("dispute evidence is performed by ~/server/disputes (performDisputeEvidence)");
  }
}

async function fromFailure(stripe: StripeGateway, op: OperationContext, err: unknown): Promise<OperationOutcome> {
  // Our own budget refused before anything was sent: nothing is ambiguous, back off and try again like a 429.
  if (err instanceof ProviderBusyError) return { kind: "retry", error: err.message };
  if (!isProviderError(err)) return { kind: "unknown", error: err instanceof Error ? err.message : String(err) };
  const f = err.failure;
  switch (f.kind) {
    case "ambiguous":
      // A 5xx that was answered is marked: Stripe stores that answer under the key (see withRetryKey).
      return { kind: "unknown", error: f.statusCode !== null && f.statusCode >= 500 ? `${describe(f)} ${ANSWERED_5XX}` : describe(f) };
    case "rate_limited":
      return { kind: "retry", error: describe(f) };
    case "invalid_state": {
      // e.g. capture on an intent that is already succeeded (we captured before and lost the answer)
      // or canceled (the hold lapsed). Look, and record what is true.
      const pi = op.paymentIntentId ? await stripe.retrievePaymentIntent(op.paymentIntentId).catch(() => null) : null;
      const seen = pi ? outcomeFromIntent(op, pi) : null;
      return seen ?? { kind: "unknown", error: describe(f) };
    }
    case "declined":
      return op.kind === "AUTHORIZE" ? declined(f) : failed(op, f);
    case "invalid_request":
    case "auth":
      return failed(op, f);
  }
}

/** The card said no (an answer, or a card error): AUTHORIZATION_FAILED with the bank's decline code when it gave one. */
function declined(
  d: { code: string; declineCode: string | null; message: string; paymentIntentId: string | null },
  providerObjectId?: string | null,
): OperationOutcome {
  return {
    kind: "record",
    command: {
      type: "AUTHORIZATION_FAILED",
      code: d.declineCode ?? d.code,
      message: d.message,
      paymentIntentId: d.paymentIntentId ?? undefined,
    },
    finish: "FAILED",
    error: `${d.code}: ${d.message}`,
    providerObjectId,
  };
}

function failed(op: OperationContext, f: ProviderFailure): OperationOutcome {
  const message = describe(f);
  if (op.kind === "CAPTURE")
    return { kind: "record", command: { type: "CAPTURE_FAILED", code: f.code, message: f.message }, finish: "FAILED", error: message };
  if (op.kind === "AUTHORIZE")
    return {
      kind: "record",
      command: { type: "AUTHORIZATION_FAILED", code: f.code, message: f.message },
      finish: "FAILED",
      error: message,
    };
  // A void or refund the provider refuses for a non-transient reason: keep retrying would not help;
  // the operation stays visible as failed and the sweep/admin queue shows the payment.
  return { kind: "retry", error: `${message} (will retry; check the admin queue)` };
}

function need(id: string | null): string {
  if (!id) throw new Error("This payment has no PaymentIntent yet");
  return id;
}
