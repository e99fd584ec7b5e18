// What the gateway hands the app: plain typed snapshots and inputs, never SDK objects.
import "server-only";
import type { DisputeSnapshot, StripeDisputeCalls } from "./disputes";
import type { StripeListing } from "./lists";

export interface PaymentIntentSnapshot {
  paymentIntentId: string;
  status: string;
  amount: number;
  amountCapturable: number;
  amountReceived: number;
  currency: string;
  customerId: string | null;
  /** The hold's deadline (`latest_charge.payment_method_details.card.capture_before`). */
  captureBefore: Date | null;
  cancellationReason: string | null;
  applicationFeeAmount: number | null;
  latestChargeId: string | null;
  amountRefunded: number;
  metadata: Record<string, string>;
  lastErrorCode: string | null;
}

export interface AuthorizeInput {
  amount: number;
  currency: string;
  customerId: string;
  paymentMethodId: string;
  /** true = merchant-initiated (the student is not present), e.g. the 48-hour pre-authorization. */
  offSession: boolean;
  idempotencyKey: string;
  metadata: { lessonId: string; paymentId: string } & Record<string, string>;
  description?: string;
  transferGroup?: string;
  /** On-session only: where 3-D Secure sends the student back. */
  returnUrl?: string;
}

export type AuthorizeResult =
  | {
      outcome: "authorized";
      paymentIntentId: string;
      status: "requires_capture";
      captureBefore: Date | null;
      amountCapturable: number;
    }
  | {
      /** On-session card asking for 3-D Secure: send the student to `nextActionUrl` (or use Stripe.js with the client secret). */
      outcome: "requires_action";
      paymentIntentId: string;
      status: "requires_action";
      clientSecret: string | null;
      nextActionUrl: string | null;
    }
  | {
      outcome: "declined";
      paymentIntentId: string | null;
      code: string;
      declineCode: string | null;
      message: string;
    };

export interface CaptureResult {
  paymentIntentId: string;
  status: string;
  amountReceived: number;
  applicationFeeAmount: number | null;
  chargeId: string | null;
}

export interface RefundResult {
  refundId: string;
  status: string;
  amount: number;
  chargeId: string;
  paymentIntentId: string | null;
}

export interface AccountSnapshot {
  accountId: string;
  detailsSubmitted: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  transfersCapability: string | null;
}

export interface TransferSnapshot {
  transferId: string;
  amount: number;
  amountReversed: number;
  currency: string;
  destination: string;
  transferGroup: string | null;
  sourceTransaction: string | null;
  reversed: boolean;
  /** every reversal of it (partial ones too), newest first; `metadata.clawbackId` marks one we made to claw back */
  reversals: TransferReversalSnapshot[];
}

export interface TransferReversalSnapshot {
  reversalId: string;
  amount: number;
  metadata: Record<string, string>;
}

export interface ChargeSnapshot {
  chargeId: string;
  paymentIntentId: string | null;
  amount: number;
  amountCaptured: number;
  amountRefunded: number;
  refunded: boolean;
  captured: boolean;
}

export interface EventBase {
  eventId: string;
  type: string;
  created: Date;
}

export type StripeWebhookEvent =
  | (EventBase & { object: "payment_intent"; paymentIntent: PaymentIntentSnapshot })
  | (EventBase & { object: "charge"; charge: ChargeSnapshot })
  | (EventBase & { object: "account"; account: AccountSnapshot })
  | (EventBase & { object: "transfer"; transfer: TransferSnapshot })
  | (EventBase & { object: "dispute"; dispute: DisputeSnapshot })
  | (EventBase & { object: "other"; objectType: string; objectId: string | null });

/** The gateway also walks Stripe's lists (lists.ts, for reconciliation) and answers disputes (disputes.ts). */
export interface StripeGateway extends StripeListing, StripeDisputeCalls {
  readonly mode: "sandbox" | "test" | "live";
  createCustomer(input: {
    email?: string;
    name?: string;
    metadata?: Record<string, string>;
    idempotencyKey?: string;
  }): Promise<{ customerId: string }>;
  attachPaymentMethod(input: { paymentMethodId: string; customerId: string }): Promise<{
    paymentMethodId: string;
    customerId: string;
    brand: string | null;
    last4: string | null;
    expMonth: number | null;
    expYear: number | null;
  }>;
  /** Save a card for off-session use. With `paymentMethodId` it is confirmed right away (server-side). */
  createSetupIntent(input: {
    customerId: string;
    paymentMethodId?: string;
    idempotencyKey?: string;
    returnUrl?: string;
    metadata?: Record<string, string>;
  }): Promise<{
    setupIntentId: string;
    status: string;
    clientSecret: string | null;
    paymentMethodId: string | null;
    nextActionUrl: string | null;
  }>;
  authorize(input: AuthorizeInput): Promise<AuthorizeResult>;
  capture(input: {
    paymentIntentId: string;
    amountToCapture: number;
    applicationFeeAmount?: number;
    idempotencyKey: string;
  }): Promise<CaptureResult>;
  cancel(input: {
    paymentIntentId: string;
    idempotencyKey: string;
    reason?: "duplicate" | "fraudulent" | "requested_by_customer" | "abandoned";
  }): Promise<PaymentIntentSnapshot>;
  retrievePaymentIntent(paymentIntentId: string): Promise<PaymentIntentSnapshot>;
  /**
   * Reconciliation after an ambiguous authorize. With `customerId` it lists that
   * customer's intents (strongly consistent); otherwise it uses Search, which on
   * real Stripe can lag about a minute behind writes.
   */
  findPaymentIntentByMetadata(input: { lessonId?: string; paymentId?: string; customerId?: string }): Promise<PaymentIntentSnapshot[]>;
  refund(input: {
    paymentIntentId: string;
    amount: number;
    idempotencyKey: string;
    reason?: "duplicate" | "fraudulent" | "requested_by_customer";
  }): Promise<RefundResult>;
  createExpressAccount(input: {
    email?: string;
    country?: string;
    metadata?: Record<string, string>;
    idempotencyKey?: string;
  }): Promise<{ accountId: string }>;
  createAccountLink(input: { accountId: string; refreshUrl: string; returnUrl: string }): Promise<{ url: string; expiresAt: Date }>;
  retrieveAccount(accountId: string): Promise<AccountSnapshot>;
  createTransfer(input: {
    amount: number;
    currency: string;
    destination: string;
    transferGroup: string;
    sourceTransaction?: string;
    idempotencyKey: string;
    metadata?: Record<string, string>;
  }): Promise<TransferSnapshot>;
  retrieveTransfer(transferId: string): Promise<TransferSnapshot>;
  /** Reconciliation after an ambiguous transfer: what exists for this transfer_group. */
  listTransfersByGroup(transferGroup: string): Promise<TransferSnapshot[]>;
  reverseTransfer(input: {
    transferId: string;
    amount?: number;
    idempotencyKey: string;
    metadata?: Record<string, string>;
  }): Promise<TransferSnapshot>;
  /** Verifies `Stripe-Signature` on the raw body (use `await req.text()`, never parsed JSON). */
  constructWebhookEvent(rawBody: string | Buffer, signatureHeader: string, secret?: string): StripeWebhookEvent;
}

export interface StripeGatewayOptions {
  webhookSecret?: string;
}
