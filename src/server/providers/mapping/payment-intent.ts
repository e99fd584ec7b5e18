// The one mapping from what Stripe says about a payment (a PaymentIntent's state, a charge's refund total) to the
// lifecycle command it implies. The operation worker (an answer or a look after a lost answer), the webhook handler
// and the sweep's provider check all read provider state through here, so "the hold lapsed" or "this was captured"
// means the same thing on every path. Pure: no I/O, no clock.
import "server-only";
import type { Command, OperationKind } from "~/server/lifecycle/types";
import type { PaymentIntentSnapshot } from "~/server/providers/stripe";

/** Stripe's own cancellation reasons for a hold that ran out (it was never captured and the money is released). */
const LAPSE_REASONS: readonly (string | null)[] = ["automatic", "expired"];

/** What a PaymentIntent's state means for our payment, whatever asked. */
export type IntentReading =
  /** requires_capture: the card is held */
  | { state: "held"; paymentIntentId: string; captureBefore: Date | null }
  /** succeeded: the money was taken (and maybe partly given back) */
  | { state: "captured"; paymentIntentId: string; amountReceived: number; amountRefunded: number }
  /** canceled by Stripe because the hold ran out */
  | { state: "lapsed"; paymentIntentId: string }
  /** canceled by us, an admin or the student: the hold was released */
  | { state: "released"; paymentIntentId: string }
  /** anything else (requires_payment_method, requires_action, processing …): nothing final has happened */
  | { state: "open"; paymentIntentId: string; status: string };

export function readPaymentIntent(pi: PaymentIntentSnapshot): IntentReading {
  const paymentIntentId = pi.paymentIntentId;
  switch (pi.status) {
    case "requires_capture":
      return { state: "held", paymentIntentId, captureBefore: pi.captureBefore };
    case "succeeded":
      return { state: "captured", paymentIntentId, amountReceived: pi.amountReceived, amountRefunded: pi.amountRefunded };
    case "canceled":
      return LAPSE_REASONS.includes(pi.cancellationReason) ? { state: "lapsed", paymentIntentId } : { state: "released", paymentIntentId };
    default:
      return { state: "open", paymentIntentId, status: pi.status };
  }
}

/**
 * Who is reading the state, which decides what "nothing changed yet" means:
 * - an operation of ours waits for its own outcome (a refund knows the total it is aiming for);
 * - `null`: a webhook or the sweep, which only record what happened.
 * Reconciliation will add the payment's current PaymentIntent id here, so that an intent which is not the current one
 * maps to "not current" instead of a command; today every caller reads the payment's own intent.
 */
export type IntentAsker =
  { operation: "AUTHORIZE" | "CAPTURE" | "VOID" } | { operation: "REFUND"; knownRefunded: number; amount: number } | { operation: null };

export const OBSERVER: IntentAsker = { operation: null };

/** The lifecycle command a PaymentIntent's state implies for the asker; null when it settles nothing (yet). */
export function commandFromIntent(pi: PaymentIntentSnapshot, asker: IntentAsker): Command | null {
  const r = readPaymentIntent(pi);
  switch (r.state) {
    case "held":
      // Still held: for a capture, void or refund it has not happened yet (safe to (re)try with the same key).
      return asker.operation === "AUTHORIZE" || asker.operation === null
        ? { type: "AUTHORIZATION_SUCCEEDED", paymentIntentId: r.paymentIntentId, captureBefore: r.captureBefore ?? new Date(0) }
        : null;
    case "captured":
      if (asker.operation === "REFUND") {
        return refundCommand({ totalRefunded: r.amountRefunded, knownRefunded: asker.knownRefunded, requested: asker.amount });
      }
      // Captured, whatever was asked: the provider's truth is recorded (a void that lost the race to a capture shows
      // up as a mismatch alert in the lifecycle).
      return { type: "CAPTURE_SUCCEEDED", amountCaptured: r.amountReceived };
    case "lapsed":
      return { type: "AUTHORIZATION_EXPIRED" };
    case "released":
      return asker.operation === "AUTHORIZE"
        ? { type: "AUTHORIZATION_FAILED", code: "canceled", message: "The authorization was canceled.", paymentIntentId: r.paymentIntentId }
        : { type: "VOID_SUCCEEDED" };
    case "open":
      return null;
  }
}

/**
 * A refund total as the provider reports it (a charge's amount_refunded, or a captured PaymentIntent's). With
 * `requested` (a refund operation of ours), only a total that reaches known + requested counts as its success; without
 * (a webhook), anything above what we know is recorded.
 */
export function refundCommand(totals: { totalRefunded: number; knownRefunded: number; requested?: number }): Command | null {
  const { totalRefunded, knownRefunded, requested } = totals;
  if (requested !== undefined) {
    return totalRefunded >= knownRefunded + requested ? { type: "REFUND_SUCCEEDED", amount: requested, totalRefunded } : null;
  }
  return totalRefunded > knownRefunded ? { type: "REFUND_SUCCEEDED", amount: totalRefunded - knownRefunded, totalRefunded } : null;
}

/** The commands that mean an operation of this kind got what it asked for (a void is done when the hold is gone). */
const WANTED: Record<OperationKind, readonly Command["type"][]> = {
  AUTHORIZE: ["AUTHORIZATION_SUCCEEDED"],
  CAPTURE: ["CAPTURE_SUCCEEDED"],
  VOID: ["VOID_SUCCEEDED", "AUTHORIZATION_EXPIRED"],
  REFUND: ["REFUND_SUCCEEDED"],
  DISPUTE_EVIDENCE: ["DISPUTE_EVIDENCE_SUBMITTED"],
};

/** Why an operation is finished as FAILED when the provider's state shows something else happened. */
const OTHERWISE: Partial<Record<Command["type"], string>> = {
  CAPTURE_SUCCEEDED: "payment was already captured",
  AUTHORIZATION_EXPIRED: "the authorization had expired at the provider",
  VOID_SUCCEEDED: "the authorization was voided",
};

export interface OperationFinish {
  finish: "SUCCEEDED" | "FAILED";
  error?: string;
}

/** How an operation of `kind` ends when the provider's state implies `command`. */
export function operationFinish(kind: OperationKind, command: Command): OperationFinish {
  if (WANTED[kind].includes(command.type)) return { finish: "SUCCEEDED" };
  const error = command.type === "AUTHORIZATION_FAILED" ? command.code : (OTHERWISE[command.type] ?? `provider reports ${command.type}`);
  return { finish: "FAILED", error };
}
