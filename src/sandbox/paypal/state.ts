// Everything the PayPal Payouts sandbox remembers.
import { emptySandboxCounters, type SandboxCounters } from "../shared/counters";

export type TransactionStatus =
  "PENDING" | "SUCCESS" | "FAILED" | "UNCLAIMED" | "RETURNED" | "ONHOLD" | "BLOCKED" | "REFUNDED" | "REVERSED";

export type BatchStatus = "PENDING" | "PROCESSING" | "SUCCESS" | "DENIED" | "CANCELED";

/** What the receiver's address decides, by sandbox convention (see README). */
export type PlannedOutcome = "SUCCESS" | "UNCLAIMED" | "FAILED";

export interface Money {
  currency: string;
  value: string;
}

export interface PayoutItemRecord {
  payoutItemId: string;
  batchId: string;
  senderBatchId: string;
  recipientType: string;
  recipientWallet: string;
  receiver: string;
  amount: Money;
  note: string | null;
  senderItemId: string | null;
  status: TransactionStatus;
  planned: PlannedOutcome;
  transactionId: string | null;
  processedAtMs: number | null;
  errors: Record<string, unknown> | null;
}

export interface BatchRecord {
  batchId: string;
  senderBatchHeader: Record<string, unknown> & { sender_batch_id: string };
  createdAtMs: number;
  completedAtMs: number | null;
  status: BatchStatus;
  itemIds: string[];
  currency: string;
  totalMinor: bigint;
}

export interface StoredResponse {
  status: number;
  body: unknown;
  createdAtMs: number;
}

export interface PayPalCounters extends SandboxCounters {
  /** Batches actually created per sender_batch_id: the product asserts this never exceeds 1. */
  batchesBySenderBatchId: Record<string, number>;
  /** Items that reached SUCCESS per receiver. */
  itemsPaidByReceiver: Record<string, number>;
  duplicateSenderBatchRejections: number;
  requestIdReplays: number;
  tokensIssued: number;
}

export interface PayPalState {
  batches: Map<string, BatchRecord>;
  items: Map<string, PayoutItemRecord>;
  /** sender_batch_id -> batch id, for the 30-day duplicate rule. */
  senderBatchIds: Map<string, string>;
  /** PayPal-Request-Id -> the response first given for it. */
  requestIds: Map<string, StoredResponse>;
  /** access token -> expiry (sandbox ms). */
  tokens: Map<string, number>;
  counters: PayPalCounters;
}

export function emptyPayPalState(): PayPalState {
  return {
    batches: new Map(),
    items: new Map(),
    senderBatchIds: new Map(),
    requestIds: new Map(),
    tokens: new Map(),
    counters: {
      ...emptySandboxCounters(),
      batchesBySenderBatchId: {},
      itemsPaidByReceiver: {},
      duplicateSenderBatchRejections: 0,
      requestIdReplays: 0,
      tokensIssued: 0,
    },
  };
}

export interface PayPalSandboxConfig {
  /** Sandbox time from creation until items settle (PENDING -> SUCCESS/UNCLAIMED/FAILED). */
  processingDelayMs: number;
  /** Unclaimed items are returned to the sender after this long. */
  unclaimedReturnAfterMs: number;
  /** A sender_batch_id cannot be reused within this window. */
  senderBatchIdWindowMs: number;
  /** How long a PayPal-Request-Id keeps replaying its first response. */
  requestIdRetentionMs: number;
  tokenLifetimeSec: number;
}

export interface PayPalContext {
  state: PayPalState;
  config: PayPalSandboxConfig;
  now: number;
  baseUrl: string;
  emit(eventType: string, resourceType: "payouts" | "payouts_item", resource: Record<string, unknown>, summary: string): void;
}
