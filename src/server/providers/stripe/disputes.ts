// Disputes: read one, those of a PaymentIntent, save and submit evidence, accept the loss. Plain snapshots out.
import "server-only";
import type Stripe from "stripe";
import { call } from "./errors";
import { idOf } from "./mappers";

/** A dispute as the product needs it: status as Stripe spells it, money from its balance transactions. */
export interface DisputeSnapshot {
  disputeId: string;
  chargeId: string;
  paymentIntentId: string | null;
  amount: number;
  currency: string;
  reason: string;
  /** Stripe's status: warning_needs_response … needs_response, under_review, won, lost */
  status: string;
  evidenceDueBy: Date | null;
  submissionCount: number;
  /** taken from the platform balance (positive), given back (positive), and Stripe's dispute fee */
  fundsWithdrawn: number;
  fundsReinstated: number;
  feeAmount: number;
  created: Date;
  metadata: Record<string, string>;
}

/** The text evidence fields the product fills (Stripe's names; the document fields take file uploads, not text). */
export interface DisputeEvidence {
  service_date?: string;
  customer_name?: string;
  customer_email_address?: string;
  product_description?: string;
  access_activity_log?: string;
  uncategorized_text?: string;
}

export interface StripeDisputeCalls {
  retrieveDispute(disputeId: string): Promise<DisputeSnapshot>;
  /** Saves evidence and, with submit, submits it now (else Stripe submits what is saved at the deadline). */
  submitDisputeEvidence(input: {
    disputeId: string;
    evidence: DisputeEvidence;
    submit: boolean;
    idempotencyKey: string;
  }): Promise<DisputeSnapshot>;
  /** Accepts the loss. */
  closeDispute(input: { disputeId: string; idempotencyKey: string }): Promise<DisputeSnapshot>;
  /** The disputes of one PaymentIntent's charges, as full snapshots (reconciliation's page walk is lists.ts). */
  disputesOfPaymentIntent(paymentIntentId: string): Promise<DisputeSnapshot[]>;
}

export function toDisputeSnapshot(dp: Stripe.Dispute): DisputeSnapshot {
  const txns = dp.balance_transactions ?? [];
  return {
    disputeId: dp.id,
    chargeId: idOf(dp.charge) ?? "",
    paymentIntentId: idOf(dp.payment_intent),
    amount: dp.amount,
    currency: dp.currency,
    reason: dp.reason,
    status: dp.status,
    evidenceDueBy: dp.evidence_details?.due_by ? new Date(dp.evidence_details.due_by * 1000) : null,
    submissionCount: dp.evidence_details?.submission_count ?? 0,
    fundsWithdrawn: txns.filter((t) => t.amount < 0).reduce((s, t) => s - t.amount, 0),
    fundsReinstated: txns.filter((t) => t.amount > 0).reduce((s, t) => s + t.amount, 0),
    feeAmount: txns.reduce((s, t) => s + t.fee, 0),
    created: new Date(dp.created * 1000),
    metadata: { ...(dp.metadata ?? {}) },
  };
}

export function stripeDisputes(stripe: Stripe): StripeDisputeCalls {
  return {
    retrieveDispute: (disputeId) => call(async () => toDisputeSnapshot(await stripe.disputes.retrieve(disputeId))),
    submitDisputeEvidence: (input) =>
      call(async () =>
        toDisputeSnapshot(
          await stripe.disputes.update(
            input.disputeId,
            { evidence: input.evidence, submit: input.submit },
            { idempotencyKey: input.idempotencyKey },
          ),
        ),
      ),
    closeDispute: (input) =>
      call(async () => toDisputeSnapshot(await stripe.disputes.close(input.disputeId, {}, { idempotencyKey: input.idempotencyKey }))),
    disputesOfPaymentIntent: (paymentIntentId) =>
      call(async () => (await stripe.disputes.list({ payment_intent: paymentIntentId, limit: 100 })).data.map(toDisputeSnapshot)),
  };
}
