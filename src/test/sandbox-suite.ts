// The setup every sandbox test file shares: one sandbox for the file (with the official SDK and our gateway pointed
// at it, and optionally a webhook receiver), reset with its clock before each test, closed after the last; plus the
// card hold most tests start from and a way to catch the error a call must fail with.
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type RunningPayPalSandbox, type RunningStripeSandbox, startPayPalSandbox, startStripeSandbox } from "~/sandbox/start";
import type { PayPalSandboxOptions, StripeSandboxOptions } from "~/sandbox/start";
import { startWebhookReceiver, type WebhookReceiver } from "~/sandbox/webhook-receiver";
import { createPayPalClient, createPayPalGateway, type PayPalClient, type PayPalGateway } from "~/server/providers/paypal";
import { type AuthorizeInput, createStripeClient, createStripeGateway, type StripeGateway } from "~/server/providers/stripe";

interface SuiteOptions {
  /** The SDK's request timeout: short where a "hang" fault must cost little. */
  timeoutMs: number;
  /** Start a webhook receiver too (before the sandbox; emptied before each test). */
  receiver?: boolean;
}

/** `receiver` is there only when the file asked for one. */
export interface StripeSuite {
  sb: RunningStripeSandbox;
  stripe: Stripe;
  gw: StripeGateway;
  receiver: WebhookReceiver;
}

/** `receiver` is there only when the file asked for one. */
export interface PayPalSuite {
  sb: RunningPayPalSandbox;
  client: PayPalClient;
  gw: PayPalGateway;
  receiver: WebhookReceiver;
}

interface Running {
  close(): Promise<void>;
  control: { reset(opts: { clock: boolean }): Promise<unknown> };
}

function perFile<T extends { sb: Running }>(
  opts: SuiteOptions,
  started: (s: T & { receiver: WebhookReceiver }) => void,
  start: (receiver: WebhookReceiver | undefined) => Promise<T>,
) {
  let sb: Running | undefined;
  let receiver: WebhookReceiver | undefined;
  beforeAll(async () => {
    receiver = opts.receiver ? await startWebhookReceiver() : undefined;
    const s = await start(receiver);
    sb = s.sb;
    started({ ...s, receiver: receiver as WebhookReceiver });
  });
  afterAll(async () => {
    await sb?.close();
    await receiver?.close();
  });
  beforeEach(async () => {
    await sb?.control.reset({ clock: true });
    if (receiver) receiver.received.length = 0;
  });
}

/** One Stripe sandbox for this test file, with stripe-node and our gateway on it; `started` receives them. */
export function setupStripeSandbox(opts: SuiteOptions & { sandbox?: StripeSandboxOptions }, started: (s: StripeSuite) => void): void {
  perFile(opts, started, async (receiver) => {
    // with a receiver, the sandbox delivers its webhooks there unless the file points them elsewhere
    const sb = await startStripeSandbox({ port: 0, webhookUrl: receiver?.url, ...opts.sandbox });
    const stripe = createStripeClient({ sandboxUrl: sb.url, timeoutMs: opts.timeoutMs });
    return { sb, stripe, gw: createStripeGateway(stripe, { webhookSecret: opts.sandbox?.webhookSecret }) };
  });
}

/** One PayPal sandbox for this test file, with our client and gateway on it; `started` receives them. */
export function setupPayPalSandbox(opts: SuiteOptions & { sandbox?: PayPalSandboxOptions }, started: (s: PayPalSuite) => void): void {
  perFile(opts, started, async (receiver) => {
    const sb = await startPayPalSandbox({ port: 0, webhookUrl: receiver?.url, ...opts.sandbox });
    const client = createPayPalClient({ sandboxUrl: sb.url, timeoutMs: opts.timeoutMs });
    return { sb, client, gw: createPayPalGateway(client) };
  });
}

/** An on-session $10 hold on the test Visa unless told otherwise; the caller names the customer and the key. */
export function holdInput(input: Partial<AuthorizeInput> & Pick<AuthorizeInput, "customerId" | "idempotencyKey">): AuthorizeInput {
  return {
    amount: 1000,
    currency: "usd",
    paymentMethodId: "pm_card_visa",
    offSession: false,
    metadata: { lessonId: "l", paymentId: "p" },
    ...input,
  };
}

/** A new customer's authorized hold; throws when the card was not authorized. */
export async function authorizedHold(gw: StripeGateway, input: Partial<AuthorizeInput> & Pick<AuthorizeInput, "idempotencyKey">) {
  const { customerId } = await gw.createCustomer({});
  const auth = await gw.authorize(holdInput({ customerId, ...input }));
  if (auth.outcome !== "authorized") throw new Error(auth.outcome);
  return { ...auth, customerId };
}

/** The error `call` fails with; fails the test when it succeeds. */
export async function rejectionOf<E = unknown>(call: Promise<unknown>): Promise<E> {
  try {
    await call;
  } catch (err) {
    return err as E;
  }
  throw new Error("expected a rejection");
}
