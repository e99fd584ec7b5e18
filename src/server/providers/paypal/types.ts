// What the gateway hands the app: plain typed results, never SDK objects.
import "server-only";

export interface PayoutItemInput {
  receiverEmail: string;
  /** Integer minor units (e.g. cents). */
  amount: number;
  currency: string;
  senderItemId: string;
  note?: string;
}

export interface CreateBatchPayoutInput {
  /** Our payout id: PayPal rejects a reused sender_batch_id for 30 days, which makes creation idempotent. */
  senderBatchId: string;
  items: PayoutItemInput[];
  emailSubject?: string;
  /** PayPal-Request-Id; defaults to the sender_batch_id. */
  requestId?: string;
}

export interface BatchSummary {
  batchId: string;
  batchStatus: string;
  senderBatchId: string;
  /** True when PayPal said this sender_batch_id already had a batch and we followed its link to it. */
  alreadyExisted: boolean;
}

export interface PayoutItemSnapshot {
  itemId: string;
  batchId: string;
  senderBatchId: string | null;
  senderItemId: string | null;
  transactionStatus: string;
  transactionId: string | null;
  receiver: string;
  amount: number;
  currency: string;
  errorName: string | null;
  timeProcessed: Date | null;
}

export interface BatchSnapshot {
  batchId: string;
  batchStatus: string;
  senderBatchId: string | null;
  timeCreated: Date | null;
  timeCompleted: Date | null;
  items: PayoutItemSnapshot[];
}

/** The PAYPAL-* transmission headers of one webhook delivery, and the event as received. */
export interface PayPalWebhookVerificationInput {
  authAlgo: string;
  certUrl: string;
  transmissionId: string;
  transmissionSig: string;
  transmissionTime: string;
  webhookId: string;
  event: unknown;
}

export interface PayPalGateway {
  readonly mode: "local-sandbox" | "sandbox" | "live";
  /**
   * Create-or-get: PayPal has no lookup by sender_batch_id, but re-sending a create
   * with the same sender_batch_id is safe. It either creates the batch (the first
   * attempt never landed) or is rejected with a link to the original, which this
   * follows and returns with `alreadyExisted: true`. That is how to reconcile an
   * ambiguous create: call this again with the same input.
   */
  createBatchPayout(input: CreateBatchPayoutInput): Promise<BatchSummary>;
  getBatch(batchId: string): Promise<BatchSnapshot>;
  getItem(itemId: string): Promise<PayoutItemSnapshot>;
  /** Only while UNCLAIMED (then RETURNED); otherwise an `invalid_state` ProviderError. */
  cancelUnclaimedItem(itemId: string): Promise<PayoutItemSnapshot>;
  /** PayPal's POST /v1/notifications/verify-webhook-signature: true only for "SUCCESS". */
  verifyWebhookSignature(input: PayPalWebhookVerificationInput): Promise<boolean>;
}
