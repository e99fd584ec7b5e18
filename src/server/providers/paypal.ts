import "server-only";
// The app's only door to PayPal Payouts, through @paypal/payouts-sdk.
//
// Without credentials the client talks to the local PayPal sandbox
// (src/sandbox/paypal); with PAYPAL_CLIENT_ID/SECRET it talks to PayPal's sandbox
// or live API (PAYPAL_MODE). Results are plain typed objects; failures are
// ProviderErrors with the same kinds as Stripe's.
import * as paypalNs from "@paypal/payouts-sdk";
import { env } from "~/env";
import { ProviderError, type ProviderFailure } from "./errors";

export { ProviderError, isProviderError } from "./errors";
export type { ProviderFailure, ProviderErrorKind } from "./errors";

// The package is CommonJS and Node's ESM loader only detects some of its exports
// (`payouts` is missing from the namespace); its `default` is the full exports object.
const paypal: typeof paypalNs = (paypalNs as unknown as { default?: typeof paypalNs }).default ?? paypalNs;

// ---------------------------------------------------------------------------
// Money: minor units <-> PayPal's decimal strings, without floats

const ZERO_DECIMAL = new Set(["HUF", "JPY", "TWD"]);

export function minorToPayPalValue(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`amount must be a non-negative integer of minor units, got ${minor}`);
  if (ZERO_DECIMAL.has(currency.toUpperCase())) return String(minor);
  const s = String(minor).padStart(3, "0");
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

export function payPalValueToMinor(value: string, currency: string): number {
  const zero = ZERO_DECIMAL.has(currency.toUpperCase());
  const m = (zero ? /^(\d+)$/ : /^(\d+)(?:\.(\d{1,2}))?$/).exec(value);
  if (!m) throw new RangeError(`not a ${currency} amount: ${value}`);
  const minor = zero ? Number(m[1]) : Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount too large: ${value}`);
  return minor;
}

// ---------------------------------------------------------------------------
// Client

export interface PayPalClientConfig {
  clientId?: string;
  clientSecret?: string;
  /** Which real PayPal host to use when credentials are given. */
  mode?: "sandbox" | "live";
  /** The local sandbox (default http://127.0.0.1:12112), used when there are no credentials. */
  sandboxUrl?: string;
  /** Per-request timeout (the SDK's default is 30 s). */
  timeoutMs?: number;
}

export type PayPalClient = InstanceType<typeof paypalNs.core.PayPalHttpClient>;

export function createPayPalClient(config: PayPalClientConfig = {}): PayPalClient {
  const timeoutMs = config.timeoutMs ?? 10_000;
  class TimedPayPalHttpClient extends paypal.core.PayPalHttpClient {
    // paypalhttp reads the socket timeout from here (30 s by default).
    getTimeout(): number {
      return timeoutMs;
    }
  }
  let environment: InstanceType<typeof paypalNs.core.PayPalEnvironment>;
  if (config.clientId && config.clientSecret) {
    environment =
      config.mode === "live"
        ? new paypal.core.LiveEnvironment(config.clientId, config.clientSecret)
        : new paypal.core.SandboxEnvironment(config.clientId, config.clientSecret);
  } else {
    const base = (config.sandboxUrl ?? "http://127.0.0.1:12112").replace(/\/$/, "");
    // The SDK caches tokens per client id for the whole process; a per-URL id keeps
    // tokens from one local sandbox from being offered to another.
    environment = new paypal.core.PayPalEnvironment(`sandbox-client@${base}`, "sandbox-secret", base, base);
  }
  return new TimedPayPalHttpClient(environment);
}

// ---------------------------------------------------------------------------
// Plain results

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

// ---------------------------------------------------------------------------
// Errors

interface PayPalErrorBody {
  name?: string;
  message?: string;
  error?: string;
  error_description?: string;
  details?: Array<{ field?: string; issue?: string; link?: Array<{ href?: string }> }>;
}

function parseErrorBody(text: unknown): PayPalErrorBody {
  if (typeof text !== "string") return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null ? (v as PayPalErrorBody) : {};
  } catch {
    return {};
  }
}

/** Maps what @paypal/payouts-sdk rejects with into a ProviderError. */
export function toPayPalProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = err as { statusCode?: number; message?: string; code?: string };
  const status = typeof e.statusCode === "number" ? e.statusCode : null;
  if (status === null) {
    // No HTTP answer: timeout ("Request timed out"), reset or refused connection.
    const message = e.message ?? String(err);
    const code = /timed out/i.test(message) ? "timeout" : (e.code ?? "connection_error");
    return new ProviderError({ kind: "ambiguous", provider: "paypal", code, message, statusCode: null }, { cause: err });
  }
  const body = parseErrorBody(e.message);
  const name = body.name ?? body.error ?? `HTTP_${status}`;
  const message = body.message ?? body.error_description ?? e.message ?? name;
  let failure: ProviderFailure;
  const duplicate = body.details?.find((d) => d.field === "SENDER_BATCH_ID");
  if (status === 400 && name === "USER_BUSINESS_ERROR" && duplicate) {
    const href = duplicate.link?.[0]?.href ?? "";
    const existing = /\/v1\/payments\/payouts\/([^/?#]+)/.exec(href)?.[1] ?? null;
    failure = {
      kind: "invalid_state",
      provider: "paypal",
      code: "duplicate_sender_batch_id",
      message: duplicate.issue ?? message,
      paymentIntentStatus: null,
      paymentIntentId: null,
      existingBatchId: existing,
    };
  } else if (name === "ITEM_INCORRECT_STATUS" || name === "ITEM_ALREADY_CANCELLED") {
    failure = {
      kind: "invalid_state",
      provider: "paypal",
      code: name,
      message,
      paymentIntentStatus: null,
      paymentIntentId: null,
      existingBatchId: null,
    };
  } else if (status === 401 || status === 403) {
    failure = { kind: "auth", provider: "paypal", code: name, message };
  } else if (status === 429) {
    failure = { kind: "rate_limited", provider: "paypal", code: name, message };
  } else if (status >= 500 || status === 409) {
    // 5xx: "you can safely retry the request with the same sender_batch_id"; 409: same request id still in flight.
    failure = { kind: "ambiguous", provider: "paypal", code: name, message, statusCode: status };
  } else if (name === "INSUFFICIENT_FUNDS") {
    failure = { kind: "declined", provider: "paypal", code: name, declineCode: null, message, paymentIntentId: null };
  } else {
    failure = {
      kind: "invalid_request",
      provider: "paypal",
      code: name,
      message,
      param: body.details?.[0]?.field ?? null,
      statusCode: status,
    };
  }
  return new ProviderError(failure, { cause: err });
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toPayPalProviderError(err);
  }
}

// ---------------------------------------------------------------------------
// Gateway

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
}

type RawItem = {
  payout_item_id: string;
  payout_batch_id: string;
  sender_batch_id?: string;
  transaction_status?: string;
  transaction_id?: string;
  time_processed?: string;
  payout_item: { receiver: string; amount: { currency: string; value: string }; sender_item_id?: string };
  errors?: { name?: string } | null;
};

function toItemSnapshot(raw: RawItem, senderBatchId: string | null): PayoutItemSnapshot {
  const currency = raw.payout_item.amount.currency;
  return {
    itemId: raw.payout_item_id,
    batchId: raw.payout_batch_id,
    senderBatchId: raw.sender_batch_id ?? senderBatchId,
    senderItemId: raw.payout_item.sender_item_id ?? null,
    transactionStatus: raw.transaction_status ?? "PENDING",
    transactionId: raw.transaction_id ?? null,
    receiver: raw.payout_item.receiver,
    amount: payPalValueToMinor(raw.payout_item.amount.value, currency),
    currency,
    errorName: raw.errors?.name ?? null,
    timeProcessed: raw.time_processed ? new Date(raw.time_processed) : null,
  };
}

export function createPayPalGateway(client: PayPalClient, mode: PayPalGateway["mode"] = "local-sandbox"): PayPalGateway {
  const getBatch = (batchId: string) =>
    call(async () => {
      const res = await client.execute(new paypal.payouts.PayoutsGetRequest(batchId));
      const r = res.result;
      const header = r?.batch_header;
      if (!header) throw new Error(`PayPal returned no batch_header for ${batchId}`);
      const senderBatchId = header.sender_batch_header?.sender_batch_id ?? null;
      return {
        batchId: header.payout_batch_id,
        batchStatus: header.batch_status,
        senderBatchId,
        timeCreated: header.time_created ? new Date(header.time_created) : null,
        timeCompleted: header.time_completed ? new Date(header.time_completed) : null,
        items: (r.items ?? []).map((i) => toItemSnapshot(i as unknown as RawItem, senderBatchId)),
      };
    });

  return {
    mode,

    createBatchPayout: async (input) => {
      if (input.items.length === 0) throw new Error("a payout batch needs at least one item");
      const request = new paypal.payouts.PayoutsPostRequest();
      request.payPalRequestId(input.requestId ?? input.senderBatchId);
      request.requestBody({
        sender_batch_header: {
          sender_batch_id: input.senderBatchId,
          recipient_type: "EMAIL",
          email_subject: input.emailSubject ?? "You have a payout",
        },
        items: input.items.map((i) => ({
          recipient_type: "EMAIL",
          receiver: i.receiverEmail,
          amount: { currency: i.currency.toUpperCase(), value: minorToPayPalValue(i.amount, i.currency) },
          sender_item_id: i.senderItemId,
          note: i.note,
        })),
      });
      try {
        const res = await client.execute(request);
        const header = res.result?.batch_header;
        if (!header) throw new Error("PayPal returned no batch_header");
        return {
          batchId: header.payout_batch_id,
          batchStatus: header.batch_status,
          senderBatchId: header.sender_batch_header.sender_batch_id ?? input.senderBatchId,
          alreadyExisted: false,
        };
      } catch (err) {
        const mapped = toPayPalProviderError(err);
        const f = mapped.failure;
        if (f.kind === "invalid_state" && f.code === "duplicate_sender_batch_id" && f.existingBatchId) {
          const existing = await getBatch(f.existingBatchId);
          return { batchId: existing.batchId, batchStatus: existing.batchStatus, senderBatchId: input.senderBatchId, alreadyExisted: true };
        }
        throw mapped;
      }
    },

    getBatch,

    getItem: (itemId) =>
      call(async () => {
        const res = await client.execute(new paypal.payouts.PayoutsItemGetRequest(itemId));
        if (!res.result) throw new Error(`PayPal returned no item for ${itemId}`);
        return toItemSnapshot(res.result as unknown as RawItem, null);
      }),

    cancelUnclaimedItem: (itemId) =>
      call(async () => {
        const res = await client.execute(new paypal.payouts.PayoutsItemCancelRequest(itemId));
        if (!res.result) throw new Error(`PayPal returned no item for ${itemId}`);
        return toItemSnapshot(res.result as unknown as RawItem, null);
      }),
  };
}

// ---------------------------------------------------------------------------
// From the environment

let cached: PayPalGateway | undefined;

/** Local sandbox on PAYPAL_SANDBOX_PORT without credentials; PayPal (PAYPAL_MODE) with them. */
export function paypalFromEnv(): PayPalGateway {
  if (cached) return cached;
  const e = env();
  const real = Boolean(e.PAYPAL_CLIENT_ID && e.PAYPAL_CLIENT_SECRET);
  const client = createPayPalClient({
    clientId: e.PAYPAL_CLIENT_ID,
    clientSecret: e.PAYPAL_CLIENT_SECRET,
    mode: e.PAYPAL_MODE,
    sandboxUrl: `http://127.0.0.1:${e.PAYPAL_SANDBOX_PORT}`,
  });
  cached = createPayPalGateway(client, real ? e.PAYPAL_MODE : "local-sandbox");
  return cached;
}
