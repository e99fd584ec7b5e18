// Everything the Stripe sandbox remembers. Objects are kept in Stripe's public
// JSON shape (so responses are just copies), with the few private facts Stripe
// would keep server-side (which test card a payment method came from, whether a
// card was set up for off-session use) in side tables.
import { emptySandboxCounters, type SandboxCounters } from "../shared/counters";
import type { Params } from "./params";
import type { CardBehavior } from "./cards";

export type Json = Record<string, unknown>;

export interface StripeObject extends Json {
  id: string;
  object: string;
  created: number;
}

export interface PaymentIntentObj extends StripeObject {
  object: "payment_intent";
  amount: number;
  amount_capturable: number;
  amount_received: number;
  application_fee_amount: number | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: string;
  client_secret: string;
  currency: string;
  customer: string | null;
  description: string | null;
  last_payment_error: Json | null;
  latest_charge: string | null;
  metadata: Record<string, string>;
  next_action: Json | null;
  payment_method: string | null;
  setup_future_usage: string | null;
  status: string;
  transfer_data: { destination: string; amount?: number } | null;
  transfer_group: string | null;
}

export interface ChargeObj extends StripeObject {
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application_fee: string | null;
  application_fee_amount: number | null;
  captured: boolean;
  currency: string;
  customer: string | null;
  failure_code: string | null;
  failure_message: string | null;
  metadata: Record<string, string>;
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  payment_method_details: { type: "card"; card: Json & { capture_before?: number } };
  refunded: boolean;
  status: "succeeded" | "failed" | "pending";
  transfer: string | null;
  transfer_group: string | null;
}

export interface PaymentMethodObj extends StripeObject {
  object: "payment_method";
  customer: string | null;
  card: Json & { brand: string; last4: string };
  metadata: Record<string, string>;
}

export interface SetupIntentObj extends StripeObject {
  object: "setup_intent";
  customer: string | null;
  payment_method: string | null;
  status: string;
  usage: string;
  last_setup_error: Json | null;
  next_action: Json | null;
  metadata: Record<string, string>;
}

export interface RefundObj extends StripeObject {
  object: "refund";
  amount: number;
  charge: string;
  payment_intent: string;
  currency: string;
  status: string;
}

export interface BalanceTransactionObj extends StripeObject {
  object: "balance_transaction";
  amount: number;
  currency: string;
  fee: number;
  fee_details: Json[];
  net: number;
  reporting_category: string;
  source: string;
  status: string;
  type: string;
  description: string;
}

export interface DisputeObj extends StripeObject {
  object: "dispute";
  amount: number;
  balance_transactions: BalanceTransactionObj[];
  charge: string;
  currency: string;
  evidence: Record<string, string | null>;
  evidence_details: {
    due_by: number | null;
    has_evidence: boolean;
    past_due: boolean;
    submission_count: number;
    submission_method: string;
  };
  is_charge_refundable: boolean;
  metadata: Record<string, string>;
  payment_intent: string | null;
  reason: string;
  status: string;
}

export interface AccountObj extends StripeObject {
  object: "account";
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  capabilities: Record<string, string>;
  requirements: Json;
  metadata: Record<string, string>;
}

export interface TransferObj extends StripeObject {
  object: "transfer";
  amount: number;
  amount_reversed: number;
  currency: string;
  destination: string;
  reversed: boolean;
  reversals: { object: "list"; data: Json[]; has_more: boolean; total_count: number; url: string };
  source_transaction: string | null;
  transfer_group: string | null;
  metadata: Record<string, string>;
}

export interface EventObj extends StripeObject {
  object: "event";
  type: string;
  data: { object: Json; previous_attributes?: Json };
  request: { id: string | null; idempotency_key: string | null };
}

export interface AccountLinkRecord {
  token: string;
  account: string;
  refreshUrl: string;
  returnUrl: string;
  expiresAt: number;
  used: boolean;
}

export interface StripeCounters extends SandboxCounters {
  /** Successful authorizations per PaymentIntent. */
  authorizations: Record<string, number>;
  /** Successful captures per PaymentIntent: the product asserts this never exceeds 1. */
  captures: Record<string, number>;
  cancels: Record<string, number>;
  /** Refunds created per PaymentIntent. */
  refunds: Record<string, number>;
  transfersByGroup: Record<string, number>;
  transfersByIdempotencyKey: Record<string, number>;
  /** Times an endpoint actually executed per Idempotency-Key (replays excluded). */
  executionsByIdempotencyKey: Record<string, number>;
  idempotentReplays: number;
}

export interface StripeState {
  customers: Map<string, Json & { id: string }>;
  paymentMethods: Map<string, PaymentMethodObj>;
  cardBehaviors: Map<string, CardBehavior>;
  /** Payment methods set up for off-session use (SetupIntent or setup_future_usage). */
  offSessionReady: Set<string>;
  setupIntents: Map<string, SetupIntentObj>;
  paymentIntents: Map<string, PaymentIntentObj>;
  charges: Map<string, ChargeObj>;
  refunds: Map<string, RefundObj>;
  /** Chargebacks and inquiries on captured charges (disputes.ts). */
  disputes: Map<string, DisputeObj>;
  accounts: Map<string, AccountObj>;
  accountLinks: Map<string, AccountLinkRecord>;
  /** 3-D Secure pages: token -> the intent (pi_… or seti_…) waiting for the customer. */
  authentications: Map<string, { intentId: string; returnUrl: string | null }>;
  transfers: Map<string, TransferObj>;
  events: EventObj[];
  counters: StripeCounters;
}

export function emptyCounters(): StripeCounters {
  return {
    ...emptySandboxCounters(),
    authorizations: {},
    captures: {},
    cancels: {},
    refunds: {},
    transfersByGroup: {},
    transfersByIdempotencyKey: {},
    executionsByIdempotencyKey: {},
    idempotentReplays: 0,
  };
}

export function emptyState(): StripeState {
  return {
    customers: new Map(),
    paymentMethods: new Map(),
    cardBehaviors: new Map(),
    offSessionReady: new Set(),
    setupIntents: new Map(),
    paymentIntents: new Map(),
    charges: new Map(),
    refunds: new Map(),
    disputes: new Map(),
    accounts: new Map(),
    accountLinks: new Map(),
    authentications: new Map(),
    transfers: new Map(),
    events: [],
    counters: emptyCounters(),
  };
}

export interface AuthorizationWindows {
  /** Customer-initiated (on-session) card-not-present holds: 7 days for all major brands. */
  customerInitiatedMs: number;
  /** Merchant-initiated (off-session) Visa holds: 4 days 18 hours. Other brands use the CIT window. */
  merchantInitiatedVisaMs: number;
}

export interface StripeSandboxConfig {
  authorizationWindows: AuthorizationWindows;
  /** Refuse transfers to accounts whose `transfers` capability is not active (real Stripe does). */
  strictConnectCapabilities: boolean;
}

/** What every endpoint handler receives. */
export interface StripeContext {
  state: StripeState;
  config: StripeSandboxConfig;
  /** Sandbox time, epoch ms. */
  now: number;
  params: Params;
  path: Record<string, string>;
  baseUrl: string;
  requestId: string | null;
  idempotencyKey: string | null;
  /** Publishable keys (Stripe.js, the browser) may only create payment methods. */
  apiKeyKind: "secret" | "publishable";
  /** Records an event (and queues its webhook); `createdMs` backdates it, e.g. to an expiry moment. */
  emit(type: string, object: Json, opts?: { previousAttributes?: Json; createdMs?: number }): void;
}

export const seconds = (ms: number) => Math.floor(ms / 1000);

/** Deep copy for responses and event snapshots, so later mutations don't leak into them. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}
