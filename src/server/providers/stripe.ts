import "server-only";
// The app's only door to Stripe. Everything else in the app calls this gateway
// and gets plain typed results or a ProviderError, never SDK objects.
//
// With no secret key the client talks to the local Stripe sandbox
// (src/sandbox/stripe); with STRIPE_SECRET_KEY it talks to api.stripe.com.
import Stripe from "stripe";
import { env } from "~/env";
import { ProviderError, type ProviderFailure } from "./errors";

export { ProviderError, isProviderError } from "./errors";
export type { ProviderFailure, ProviderErrorKind } from "./errors";

// ---------------------------------------------------------------------------
// Client

export interface StripeClientConfig {
  /** sk_test_…/sk_live_…; absent = the local sandbox. */
  secretKey?: string;
  /** Where the sandbox listens (default http://127.0.0.1:12111). */
  sandboxUrl?: string;
  /** Per-request timeout; a hung request becomes an `ambiguous` ProviderError. Default 10 s. */
  timeoutMs?: number;
  /**
   * SDK-level retries (default 0: the app's operation worker retries, reconciling first).
   * Note stripe-node still retries a *closed connection* once even at 0, reusing the
   * request's idempotency key, so that retry is safe.
   */
  maxNetworkRetries?: number;
}

export function createStripeClient(config: StripeClientConfig = {}): Stripe {
  const timeout = config.timeoutMs ?? 10_000;
  const maxNetworkRetries = config.maxNetworkRetries ?? 0;
  if (config.secretKey) {
    return new Stripe(config.secretKey, { timeout, maxNetworkRetries, appInfo: { name: "lesson-pay" } });
  }
  const url = new URL(config.sandboxUrl ?? "http://127.0.0.1:12111");
  const protocol = url.protocol === "https:" ? "https" : "http";
  return new Stripe("sk_test_sandbox", {
    host: url.hostname,
    port: Number(url.port || (protocol === "https" ? 443 : 80)),
    protocol,
    timeout,
    maxNetworkRetries,
  });
}

// ---------------------------------------------------------------------------
// Plain results

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

interface EventBase {
  eventId: string;
  type: string;
  created: Date;
}

export type StripeWebhookEvent =
  | (EventBase & { object: "payment_intent"; paymentIntent: PaymentIntentSnapshot })
  | (EventBase & { object: "charge"; charge: ChargeSnapshot })
  | (EventBase & { object: "account"; account: AccountSnapshot })
  | (EventBase & { object: "transfer"; transfer: TransferSnapshot })
  | (EventBase & { object: "other"; objectType: string; objectId: string | null });

// ---------------------------------------------------------------------------
// Mapping SDK objects and errors

const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === "string" ? v : v.id);

function toPaymentIntentSnapshot(pi: Stripe.PaymentIntent): PaymentIntentSnapshot {
  const charge = typeof pi.latest_charge === "object" && pi.latest_charge !== null ? pi.latest_charge : null;
  const captureBefore = charge?.payment_method_details?.card?.capture_before;
  return {
    paymentIntentId: pi.id,
    status: pi.status,
    amount: pi.amount,
    amountCapturable: pi.amount_capturable,
    amountReceived: pi.amount_received,
    currency: pi.currency,
    customerId: idOf(pi.customer as string | { id: string } | null),
    captureBefore: typeof captureBefore === "number" ? new Date(captureBefore * 1000) : null,
    cancellationReason: pi.cancellation_reason ?? null,
    applicationFeeAmount: pi.application_fee_amount ?? null,
    latestChargeId: idOf(pi.latest_charge),
    amountRefunded: charge?.captured ? charge.amount_refunded : 0,
    metadata: { ...(pi.metadata ?? {}) },
    lastErrorCode: pi.last_payment_error?.code ?? null,
  };
}

function toChargeSnapshot(ch: Stripe.Charge): ChargeSnapshot {
  return {
    chargeId: ch.id,
    paymentIntentId: idOf(ch.payment_intent),
    amount: ch.amount,
    amountCaptured: ch.amount_captured,
    amountRefunded: ch.amount_refunded,
    refunded: ch.refunded,
    captured: ch.captured,
  };
}

function toAccountSnapshot(a: Stripe.Account): AccountSnapshot {
  return {
    accountId: a.id,
    detailsSubmitted: a.details_submitted ?? false,
    chargesEnabled: a.charges_enabled ?? false,
    payoutsEnabled: a.payouts_enabled ?? false,
    transfersCapability: a.capabilities?.transfers ?? null,
  };
}

function toTransferSnapshot(t: Stripe.Transfer): TransferSnapshot {
  return {
    transferId: t.id,
    amount: t.amount,
    amountReversed: t.amount_reversed,
    currency: t.currency,
    destination: idOf(t.destination as string | { id: string } | null) ?? "",
    transferGroup: t.transfer_group ?? null,
    sourceTransaction: idOf(t.source_transaction as string | { id: string } | null),
    reversed: t.reversed,
  };
}

const INVALID_STATE_CODES = new Set([
  "payment_intent_unexpected_state",
  "setup_intent_unexpected_state",
  "charge_already_captured",
  "charge_already_refunded",
  "charge_not_refundable",
  "charge_expired_for_capture",
  "capture_charge_authorization_expired",
  "transfer_already_reversed",
]);

/** Maps anything stripe-node throws into a ProviderError. Non-Stripe errors pass through unchanged. */
export function toStripeProviderError(err: unknown): unknown {
  if (err instanceof ProviderError || !(err instanceof Stripe.errors.StripeError)) return err;
  const message = err.message;
  const code = err.code ?? err.rawType ?? err.type;
  const status = err.statusCode ?? null;
  let failure: ProviderFailure;
  if (err instanceof Stripe.errors.StripeConnectionError) {
    const timedOut = /timeout/i.test(message);
    failure = { kind: "ambiguous", provider: "stripe", code: timedOut ? "timeout" : "connection_error", message, statusCode: null };
  } else if (err instanceof Stripe.errors.StripeRateLimitError) {
    failure = { kind: "rate_limited", provider: "stripe", code: err.code ?? "rate_limit", message };
  } else if (err instanceof Stripe.errors.StripeAuthenticationError || err instanceof Stripe.errors.StripePermissionError) {
    failure = { kind: "auth", provider: "stripe", code: err.code ?? "authentication_error", message };
  } else if (err instanceof Stripe.errors.StripeCardError) {
    failure = {
      kind: "declined",
      provider: "stripe",
      code: err.code ?? "card_declined",
      declineCode: err.decline_code ?? null,
      message,
      paymentIntentId: err.payment_intent?.id ?? null,
    };
  } else if (err.code === "idempotency_key_in_use" || (status !== null && status >= 500)) {
    // In flight elsewhere or failed on Stripe's side: the outcome is unknown.
    failure = { kind: "ambiguous", provider: "stripe", code: err.code ?? "api_error", message, statusCode: status };
  } else if (err.code && INVALID_STATE_CODES.has(err.code)) {
    failure = {
      kind: "invalid_state",
      provider: "stripe",
      code: err.code,
      message,
      paymentIntentStatus: err.payment_intent?.status ?? null,
      paymentIntentId: err.payment_intent?.id ?? null,
      existingBatchId: null,
    };
  } else {
    failure = { kind: "invalid_request", provider: "stripe", code, message, param: err.param ?? null, statusCode: status };
  }
  return new ProviderError(failure, { cause: err });
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toStripeProviderError(err);
  }
}

// ---------------------------------------------------------------------------
// Gateway

export interface StripeGateway {
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
  reverseTransfer(input: { transferId: string; amount?: number; idempotencyKey: string }): Promise<TransferSnapshot>;
  /** Verifies `Stripe-Signature` on the raw body (use `await req.text()`, never parsed JSON). */
  constructWebhookEvent(rawBody: string | Buffer, signatureHeader: string, secret?: string): StripeWebhookEvent;
}

export interface StripeGatewayOptions {
  webhookSecret?: string;
}

export function createStripeGateway(
  stripe: Stripe,
  opts: StripeGatewayOptions = {},
  mode: StripeGateway["mode"] = "sandbox",
): StripeGateway {
  const retrievePaymentIntent = (id: string) =>
    call(async () => toPaymentIntentSnapshot(await stripe.paymentIntents.retrieve(id, { expand: ["latest_charge"] })));

  return {
    mode,

    createCustomer: (input) =>
      call(async () => {
        const c = await stripe.customers.create(
          { email: input.email, name: input.name, metadata: input.metadata },
          input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : undefined,
        );
        return { customerId: c.id };
      }),

    attachPaymentMethod: (input) =>
      call(async () => {
        const pm = await stripe.paymentMethods.attach(input.paymentMethodId, { customer: input.customerId });
        return {
          paymentMethodId: pm.id,
          customerId: idOf(pm.customer as string | { id: string } | null) ?? input.customerId,
          brand: pm.card?.brand ?? null,
          last4: pm.card?.last4 ?? null,
          expMonth: pm.card?.exp_month ?? null,
          expYear: pm.card?.exp_year ?? null,
        };
      }),

    createSetupIntent: (input) =>
      call(async () => {
        const si = await stripe.setupIntents.create(
          {
            customer: input.customerId,
            usage: "off_session",
            allowed_payment_method_types: ["card"],
            payment_method: input.paymentMethodId,
            confirm: input.paymentMethodId ? true : undefined,
            return_url: input.paymentMethodId ? input.returnUrl : undefined,
            metadata: input.metadata,
          },
          input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : undefined,
        );
        const next = si.next_action?.redirect_to_url?.url ?? null;
        return {
          setupIntentId: si.id,
          status: si.status,
          clientSecret: si.client_secret,
          paymentMethodId: idOf(si.payment_method as string | { id: string } | null),
          nextActionUrl: next,
        };
      }),

    authorize: async (input) => {
      try {
        const pi = await stripe.paymentIntents.create(
          {
            amount: input.amount,
            currency: input.currency.toLowerCase(),
            customer: input.customerId,
            payment_method: input.paymentMethodId,
            allowed_payment_method_types: ["card"],
            capture_method: "manual",
            confirm: true,
            off_session: input.offSession ? true : undefined,
            return_url: input.offSession ? undefined : input.returnUrl,
            description: input.description,
            transfer_group: input.transferGroup,
            metadata: input.metadata,
            expand: ["latest_charge"],
          },
          { idempotencyKey: input.idempotencyKey },
        );
        if (pi.status === "requires_action") {
          return {
            outcome: "requires_action",
            paymentIntentId: pi.id,
            status: "requires_action",
            clientSecret: pi.client_secret,
            nextActionUrl: pi.next_action?.redirect_to_url?.url ?? null,
          };
        }
        if (pi.status !== "requires_capture") {
          throw new ProviderError({
            kind: "invalid_state",
            provider: "stripe",
            code: "unexpected_authorization_status",
            message: `authorization ended in status ${pi.status}`,
            paymentIntentStatus: pi.status,
            paymentIntentId: pi.id,
            existingBatchId: null,
          });
        }
        const snap = toPaymentIntentSnapshot(pi);
        return {
          outcome: "authorized",
          paymentIntentId: pi.id,
          status: "requires_capture",
          captureBefore: snap.captureBefore,
          amountCapturable: pi.amount_capturable,
        };
      } catch (err) {
        const mapped = toStripeProviderError(err);
        if (mapped instanceof ProviderError && mapped.failure.kind === "declined") {
          const f = mapped.failure;
          return { outcome: "declined", paymentIntentId: f.paymentIntentId, code: f.code, declineCode: f.declineCode, message: f.message };
        }
        throw mapped;
      }
    },

    capture: (input) =>
      call(async () => {
        const pi = await stripe.paymentIntents.capture(
          input.paymentIntentId,
          { amount_to_capture: input.amountToCapture, application_fee_amount: input.applicationFeeAmount },
          { idempotencyKey: input.idempotencyKey },
        );
        return {
          paymentIntentId: pi.id,
          status: pi.status,
          amountReceived: pi.amount_received,
          applicationFeeAmount: pi.application_fee_amount ?? null,
          chargeId: idOf(pi.latest_charge),
        };
      }),

    cancel: (input) =>
      call(async () => {
        const pi = await stripe.paymentIntents.cancel(
          input.paymentIntentId,
          { cancellation_reason: input.reason, expand: ["latest_charge"] },
          { idempotencyKey: input.idempotencyKey },
        );
        return toPaymentIntentSnapshot(pi);
      }),

    retrievePaymentIntent,

    findPaymentIntentByMetadata: (input) =>
      call(async () => {
        const wanted: Record<string, string> = {};
        if (input.lessonId) wanted.lessonId = input.lessonId;
        if (input.paymentId) wanted.paymentId = input.paymentId;
        const keys = Object.keys(wanted);
        if (keys.length === 0) throw new Error("findPaymentIntentByMetadata needs lessonId and/or paymentId");
        const matches = (pi: Stripe.PaymentIntent) => keys.every((k) => pi.metadata?.[k] === wanted[k]);
        if (input.customerId) {
          const found: PaymentIntentSnapshot[] = [];
          for await (const pi of stripe.paymentIntents.list({ customer: input.customerId, limit: 100, expand: ["data.latest_charge"] })) {
            if (matches(pi)) found.push(toPaymentIntentSnapshot(pi));
          }
          return found;
        }
        for (const v of Object.values(wanted)) {
          if (/['"\\]/.test(v)) throw new Error("metadata values used for search must not contain quotes or backslashes");
        }
        const query = keys.map((k) => `metadata['${k}']:'${wanted[k] ?? ""}'`).join(" AND ");
        const result = await stripe.paymentIntents.search({ query, limit: 100 });
        return Promise.all(result.data.filter(matches).map((pi) => retrievePaymentIntent(pi.id)));
      }),

    refund: (input) =>
      call(async () => {
        const r = await stripe.refunds.create(
          { payment_intent: input.paymentIntentId, amount: input.amount, reason: input.reason },
          { idempotencyKey: input.idempotencyKey },
        );
        return {
          refundId: r.id,
          status: r.status ?? "succeeded",
          amount: r.amount,
          chargeId: idOf(r.charge as string | { id: string } | null) ?? "",
          paymentIntentId: idOf(r.payment_intent as string | { id: string } | null),
        };
      }),

    createExpressAccount: (input) =>
      call(async () => {
        const a = await stripe.accounts.create(
          {
            type: "express",
            country: input.country ?? "US",
            email: input.email,
            capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
            metadata: input.metadata,
          },
          input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : undefined,
        );
        return { accountId: a.id };
      }),

    createAccountLink: (input) =>
      call(async () => {
        const link = await stripe.accountLinks.create({
          account: input.accountId,
          refresh_url: input.refreshUrl,
          return_url: input.returnUrl,
          type: "account_onboarding",
        });
        return { url: link.url, expiresAt: new Date(link.expires_at * 1000) };
      }),

    retrieveAccount: (accountId) => call(async () => toAccountSnapshot(await stripe.accounts.retrieve(accountId))),

    createTransfer: (input) =>
      call(async () =>
        toTransferSnapshot(
          await stripe.transfers.create(
            {
              amount: input.amount,
              currency: input.currency.toLowerCase(),
              destination: input.destination,
              transfer_group: input.transferGroup,
              source_transaction: input.sourceTransaction,
              metadata: input.metadata,
            },
            { idempotencyKey: input.idempotencyKey },
          ),
        ),
      ),

    retrieveTransfer: (transferId) => call(async () => toTransferSnapshot(await stripe.transfers.retrieve(transferId))),

    listTransfersByGroup: (transferGroup) =>
      call(async () => {
        const out: TransferSnapshot[] = [];
        for await (const t of stripe.transfers.list({ transfer_group: transferGroup, limit: 100 })) out.push(toTransferSnapshot(t));
        return out;
      }),

    reverseTransfer: (input) =>
      call(async () => {
        await stripe.transfers.createReversal(input.transferId, { amount: input.amount }, { idempotencyKey: input.idempotencyKey });
        return toTransferSnapshot(await stripe.transfers.retrieve(input.transferId));
      }),

    constructWebhookEvent: (rawBody, signatureHeader, secret) => {
      const key = secret ?? opts.webhookSecret;
      if (!key) throw new Error("constructWebhookEvent needs a webhook secret");
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signatureHeader, key);
      } catch (err) {
        throw new ProviderError(
          { kind: "auth", provider: "stripe", code: "webhook_signature_invalid", message: (err as Error).message },
          { cause: err },
        );
      }
      return toWebhookEvent(event);
    },
  };
}

function toWebhookEvent(event: Stripe.Event): StripeWebhookEvent {
  const base: EventBase = { eventId: event.id, type: event.type, created: new Date(event.created * 1000) };
  const obj = event.data.object as unknown as { object?: string; id?: string };
  switch (obj.object) {
    case "payment_intent":
      return { ...base, object: "payment_intent", paymentIntent: toPaymentIntentSnapshot(obj as unknown as Stripe.PaymentIntent) };
    case "charge":
      return { ...base, object: "charge", charge: toChargeSnapshot(obj as unknown as Stripe.Charge) };
    case "account":
      return { ...base, object: "account", account: toAccountSnapshot(obj as unknown as Stripe.Account) };
    case "transfer":
      return { ...base, object: "transfer", transfer: toTransferSnapshot(obj as unknown as Stripe.Transfer) };
    default:
      return { ...base, object: "other", objectType: obj.object ?? "unknown", objectId: obj.id ?? null };
  }
}

// ---------------------------------------------------------------------------
// From the environment

let cached: StripeGateway | undefined;

/** The gateway for this process: sandbox on STRIPE_SANDBOX_PORT without keys, real Stripe with STRIPE_SECRET_KEY. */
export function stripeFromEnv(): StripeGateway {
  if (cached) return cached;
  const e = env();
  const secretKey = e.STRIPE_SECRET_KEY;
  const client = createStripeClient({ secretKey, sandboxUrl: `http://127.0.0.1:${e.STRIPE_SANDBOX_PORT}` });
  const mode = !secretKey ? "sandbox" : secretKey.includes("_live_") ? "live" : "test";
  cached = createStripeGateway(client, { webhookSecret: e.STRIPE_WEBHOOK_SECRET }, mode);
  return cached;
}
