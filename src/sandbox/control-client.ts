// A small typed client for the sandboxes' control plane (`/_sandbox/...`), used by
// tests and scripts. Plain fetch: the control plane is test tooling, not a provider
// API, so it is the one place where raw HTTP is the right tool.
import type { ActiveFault, FaultSpec } from "./shared/faults";
import type { DeliveryAttempt, WebhookEndpointConfig } from "./shared/webhook-deliverer";
import type { StripeCounters } from "./stripe/state";
import type { PayPalCounters } from "./paypal/state";

export type { ActiveFault, FaultSpec, DeliveryAttempt, WebhookEndpointConfig, StripeCounters, PayPalCounters };

export interface WebhookSettings extends Partial<WebhookEndpointConfig> {
  /** Stripe only: the signing secret (whsec_…). */
  secret?: string;
}

export interface ClockView {
  now: number;
  iso: string;
}

export class SandboxControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class SandboxControlClient<TCounters = StripeCounters | PayPalCounters> {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/_sandbox${path}`, {
      method,
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const message = (json as { error?: string } | null)?.error ?? `${res.status}`;
      throw new SandboxControlError(res.status, `sandbox control ${method} ${path} failed: ${message}`);
    }
    return json as T;
  }

  health(): Promise<{ ok: boolean; provider: "stripe" | "paypal"; clock: ClockView }> {
    return this.call("GET", "/health");
  }

  clock(): Promise<ClockView> {
    return this.call("GET", "/clock");
  }

  /** Moves the (shared) sandbox clock forward; expiries and lifecycle steps run, events are emitted. */
  advanceClock(ms: number): Promise<ClockView> {
    return this.call("POST", "/clock/advance", { ms });
  }

  setClock(to: Date | number | string): Promise<ClockView> {
    return this.call("POST", "/clock/set", { now: to instanceof Date ? to.getTime() : to });
  }

  resetClock(): Promise<ClockView> {
    return this.call("POST", "/clock/reset");
  }

  injectFault(spec: FaultSpec): Promise<ActiveFault> {
    return this.call("POST", "/faults", spec);
  }

  async faults(): Promise<ActiveFault[]> {
    return (await this.call<{ faults: ActiveFault[] }>("GET", "/faults")).faults;
  }

  async clearFaults(): Promise<void> {
    await this.call("DELETE", "/faults");
  }

  async setRateLimit(perSecond: number): Promise<void> {
    await this.call("POST", "/rate-limit", { perSecond });
  }

  counters(): Promise<TCounters> {
    return this.call("GET", "/counters");
  }

  configureWebhooks(settings: WebhookSettings): Promise<WebhookSettings> {
    return this.call("POST", "/webhooks", settings);
  }

  webhookDeliveries(): Promise<{ deliveries: DeliveryAttempt[]; pending: number }> {
    return this.call("GET", "/webhooks/deliveries");
  }

  /** Polls the delivery log until `done(deliveries)` holds (or throws after `timeoutMs`). */
  async waitForDeliveries(done: (deliveries: DeliveryAttempt[]) => boolean, timeoutMs = 5_000): Promise<DeliveryAttempt[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { deliveries, pending } = await this.webhookDeliveries();
      if (done(deliveries)) return deliveries;
      if (Date.now() > deadline) {
        // what was delivered, so that a failure says whether deliveries failed or were still on their way
        const log = deliveries.map((d) => `${d.eventType}#${d.copy}.${d.attempt} ${d.ok ? "ok" : `failed (${d.status ?? d.error})`}`);
        throw new Error(
          `webhook deliveries did not reach the expected state within ${timeoutMs} ms (${pending} pending; delivered: ${log.join(", ") || "none"})`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stripe only: opens a dispute on a captured charge (or a PaymentIntent's charge), as a cardholder's bank would. */
  openDispute(opts: {
    charge?: string;
    payment_intent?: string;
    reason?: string;
    inquiry?: boolean;
    amount?: number;
  }): Promise<{ id: string; status: string }> {
    return this.call("POST", "/disputes", opts);
  }

  /** Stripe only: the card network's decision on a dispute (emits charge.dispute.closed, and funds_reinstated when won). */
  decideDispute(disputeId: string, outcome: "won" | "lost"): Promise<{ id: string; status: string }> {
    return this.call("POST", `/disputes/${encodeURIComponent(disputeId)}/outcome`, { outcome });
  }

  /**
   * Changes top-level fields of a stored object behind the app's back (Stripe: payment_intents, charges, refunds,
   * transfers; PayPal: payouts-item with `transaction_status` / `value`), e.g. to make its amount disagree with ours.
   */
  tamperObject<T = Record<string, unknown>>(type: string, id: string, set: Record<string, unknown>): Promise<T> {
    return this.call("POST", `/objects/${encodeURIComponent(type)}/${encodeURIComponent(id)}`, { set });
  }

  /** Makes the provider forget a stored object (Stripe: a PaymentIntent with its charges and refunds; PayPal: a batch). */
  async deleteObject(type: string, id: string): Promise<void> {
    await this.call("DELETE", `/objects/${encodeURIComponent(type)}/${encodeURIComponent(id)}`);
  }

  /** Forgets all objects, faults, counters, idempotency keys and deliveries; `clock: true` also resets the clock. */
  async reset(opts: { clock?: boolean } = {}): Promise<void> {
    await this.call("POST", "/reset", { clock: opts.clock ?? false });
  }
}

export interface BrowserCard {
  number: string;
  expMonth: number;
  expYear: number;
  cvc?: string;
}

/**
 * Does what Stripe.js does in the student's browser: sends the card number with
 * the publishable key straight to Stripe (here, the Stripe sandbox), so the
 * number never reaches our server. Returns the new payment method (or Stripe's
 * error body on a card error).
 */
export async function browserCreatePaymentMethod(
  stripeUrl: string,
  publishableKey: string,
  card: BrowserCard,
): Promise<{
  status: number;
  body: { id?: string; card?: { brand: string; last4: string }; error?: { code?: string; message: string } };
  cors: string | null;
}> {
  const form = new URLSearchParams({
    type: "card",
    "card[number]": card.number,
    "card[exp_month]": String(card.expMonth),
    "card[exp_year]": String(card.expYear),
  });
  if (card.cvc) form.set("card[cvc]", card.cvc);
  const res = await fetch(`${stripeUrl}/v1/payment_methods`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${publishableKey}`,
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: "http://localhost:3000",
    },
    body: form.toString(),
  });
  return { status: res.status, body: (await res.json()) as never, cors: res.headers.get("access-control-allow-origin") };
}
