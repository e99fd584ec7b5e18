// Helpers shared by the lifecycle integration tests: reading a lesson's whole story back from the database, asking the
// Stripe sandbox what really happened, replaying the sandbox's events into the webhook handler, and running the cron
// ticks the way Vercel Cron would. Nothing here fakes the database or the provider; it only drives and observes them.
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import type { SessionUser } from "~/server/auth";
import { isAppError } from "~/server/errors";
import { finalizeTick, sweepTick } from "~/server/jobs/cron-ticks";
import { participantAction } from "~/server/lessons/participant-actions";
import { isOneOf, LIVE_OPERATION_STATES } from "~/shared/statuses";
import type { Services } from "~/server/services";
import { runDueOperations } from "~/server/payments/operation-worker";
import { handleStripeEvent, type WebhookResult } from "~/server/webhooks/stripe-events";
import type { Harness } from "./lifecycle-harness";

export const WEBHOOK_SECRET = "whsec_sandbox";

/** Lesson, payment, operations, audit trail, alerts and ledger of one lesson, as an operator would look them up. */
export async function story(h: Pick<Harness, "t">, lessonId: string) {
  const db = h.t.db;
  const lesson = await db.lesson.findUniqueOrThrow({ where: { id: lessonId } });
  const payment = await db.payment.findUniqueOrThrow({ where: { lessonId } });
  const [operations, audit, alerts, ledger] = await Promise.all([
    db.paymentOperation.findMany({ where: { paymentId: payment.id }, orderBy: { createdAt: "asc" } }),
    db.auditEvent.findMany({ where: { lessonId }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
    db.alert.findMany({ where: { lessonId }, orderBy: { openedAt: "asc" } }),
    db.ledgerEntry.findMany({ where: { lessonId } }),
  ]);
  const live = operations.filter((o) => isOneOf(LIVE_OPERATION_STATES, o.state));
  return { lesson, payment, operations, live, audit, alerts, ledger, actions: audit.map((a) => a.action) };
}

/** What the sandbox counted for one PaymentIntent: the provider's side of "exactly once". */
export async function providerCounts(h: Pick<Harness, "stripe">, paymentIntentId: string | null) {
  const c = await h.stripe.control.counters();
  if (!paymentIntentId) return { captures: 0, cancels: 0, authorizations: 0, refunds: 0 };
  return {
    captures: c.captures[paymentIntentId] ?? 0,
    cancels: c.cancels[paymentIntentId] ?? 0,
    authorizations: c.authorizations[paymentIntentId] ?? 0,
    refunds: c.refunds[paymentIntentId] ?? 0,
  };
}

/**
 * The audit trail of one subject's status must be one unbroken chain from its creation to its current status: every
 * move starts where the previous one ended. A missing row (a move made without an audit fact) or a regression (a
 * second move out of the same status) breaks the chain. Notes (from = to) are not moves and are skipped, except the
 * PARTIALLY_REFUNDED self-loop, which is a real move.
 */
export function statusChain(
  audit: { subjectType: string; fromState: string | null; toState: string | null; action: string }[],
  subject: "LESSON" | "PAYMENT",
): string[] {
  const moves = audit.filter(
    (a) => a.subjectType === subject && a.toState !== null && (a.fromState !== a.toState || a.action === "payment.refunded"),
  );
  const chain: string[] = [];
  let at: string | null = null;
  const remaining = [...moves];
  while (remaining.length > 0) {
    const i = remaining.findIndex((m) => m.fromState === at);
    if (i === -1) {
      throw new Error(
        `${subject} audit chain broken after ${at ?? "creation"}: left over ${JSON.stringify(remaining.map((m) => `${m.fromState}→${m.toState}`))}`,
      );
    }
    const [m] = remaining.splice(i, 1);
    at = m!.toState;
    chain.push(at!);
  }
  return chain;
}

// ---------------------------------------------------------------------------------------------------------------
// Stripe events: read back from the sandbox (GET /v1/events) and handed to the webhook handler, signed like Stripe.

export interface RawStripeEvent {
  id: string;
  type: string;
  created: number;
  data: { object: { id: string; object: string; payment_intent?: string | null; metadata?: Record<string, string> } };
}

const signer = new Stripe("sk_test_sandbox");

/** Every event the sandbox recorded (oldest first), paging through GET /v1/events. */
export async function sandboxEvents(stripeUrl: string, stopAt?: Set<string>): Promise<RawStripeEvent[]> {
  const out: RawStripeEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const url = new URL("/v1/events", stripeUrl);
    url.searchParams.set("limit", "100");
    if (after) url.searchParams.set("starting_after", after);
    let res = await fetch(url, { headers: { Authorization: "Bearer sk_test_sandbox" } });
    // The sandbox enforces Stripe's rate limit on everyone, test tooling included: back off and ask again.
    for (let wait = 50; res.status === 429 && wait < 5_000; wait *= 2) {
      await new Promise((r) => setTimeout(r, wait));
      res = await fetch(url, { headers: { Authorization: "Bearer sk_test_sandbox" } });
    }
    if (!res.ok) throw new Error(`GET /v1/events answered ${res.status}`);
    const page = (await res.json()) as { data: RawStripeEvent[]; has_more: boolean };
    let reachedKnown = false;
    for (const e of page.data) {
      if (stopAt?.has(e.id)) {
        reachedKnown = true;
        break;
      }
      out.push(e);
    }
    if (reachedKnown || !page.has_more || page.data.length === 0) break;
    after = page.data[page.data.length - 1]!.id;
  }
  return out.reverse();
}

/** Keeps every sandbox event seen so far, fetching only the new ones each time. */
export class EventLog {
  private readonly seen = new Set<string>();
  readonly all: RawStripeEvent[] = [];
  constructor(private readonly stripeUrl: string) {}

  private inFlight: Promise<void> | null = null;

  /** Fetch what is new. Concurrent callers share one fetch (and all see its result). */
  async refresh(): Promise<void> {
    this.inFlight ??= (async () => {
      try {
        const fresh = await sandboxEvents(this.stripeUrl, this.seen);
        for (const e of fresh) {
          this.seen.add(e.id);
          this.all.push(e);
        }
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }

  /** Every PaymentIntent Stripe created for one payment of ours (each carries our paymentId in its metadata). */
  intentsOfPayment(paymentId: string): string[] {
    const ids = this.all.filter((e) => e.data.object.object === "payment_intent" && e.data.object.metadata?.paymentId === paymentId);
    return [...new Set(ids.map((e) => e.data.object.id))];
  }

  /** The events about one PaymentIntent (the intent itself or its charges). */
  about(paymentIntentId: string): RawStripeEvent[] {
    return this.all.filter((e) => e.data.object.id === paymentIntentId || e.data.object.payment_intent === paymentIntentId);
  }
}

/** Sign the event exactly as Stripe would, verify it through the app's gateway, and apply it. */
export async function deliver(services: Services, raw: RawStripeEvent): Promise<WebhookResult> {
  const payload = JSON.stringify(raw);
  const header = signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  return handleStripeEvent(services, services.stripe.constructWebhookEvent(payload, header));
}

export function signedWebhookRequest(url: string, raw: RawStripeEvent, secret = WEBHOOK_SECRET): Request {
  const payload = JSON.stringify(raw);
  const header = signer.webhooks.generateTestHeaderString({ payload, secret });
  return new Request(url, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": header }, body: payload });
}

// ---------------------------------------------------------------------------------------------------------------
// Acting like the product's entry points

/**
 * A participant's button, as the tRPC handler runs it: the command, then the operations it created. A rule
 * violation (joining after the end, ending a call that has not started) is a normal answer, returned as its code.
 */
export async function act(
  services: Services,
  user: SessionUser,
  lessonId: string,
  type: "JOIN" | "LEAVE" | "END_CALL" | "CANCEL",
  reason?: string,
) {
  try {
    const r = await participantAction(services, user, lessonId, type, reason);
    if (r.operationIds.length) await runDueOperations(services, { onlyIds: r.operationIds, workerId: "after-response" });
    return { ok: true as const, status: r.lesson.status, changed: r.changed };
  } catch (err) {
    if (isAppError(err) && err.code === "RULE_VIOLATION") return { ok: false as const, rule: String(err.details.rule) };
    throw err;
  }
}

/**
 * Run the cron ticks until nothing is left to do, moving the app (and sandbox) clock forward a step each round so
 * every retry's nextAttemptAt is reached. Returns once no operation is live anywhere.
 */
export async function settle(h: Pick<Harness, "services" | "advance" | "t">, opts: { stepMs?: number; rounds?: number } = {}) {
  const step = opts.stepMs ?? 60_000;
  for (let i = 0; i < (opts.rounds ?? 40); i++) {
    await finalizeTick(h.services, {});
    await sweepTick(h.services, {});
    const live = await h.t.db.paymentOperation.count({ where: { state: { in: [...LIVE_OPERATION_STATES] } } });
    if (live === 0) return;
    await h.advance(step);
  }
  throw new Error("operations still live after settling");
}

export async function makeAdmin(h: Pick<Harness, "t">): Promise<SessionUser> {
  const id = randomUUID();
  const email = `admin-${id.slice(0, 6)}@test.dev`;
  await h.t.db.user.create({ data: { id, email, name: "Ada Admin", role: "ADMIN", timeZone: "UTC" } });
  return { id, email, name: "Ada Admin", role: "ADMIN", timeZone: "UTC" };
}

/**
 * The student's saved card goes bad between booking and the off-session authorization (expired, blocked, needs 3-D
 * Secure again). The product has no "update card" flow yet, so the test attaches the new card to the same Stripe
 * customer and points the payment at it, which is exactly what the saved-card row would look like.
 */
export async function replaceSavedCard(h: Pick<Harness, "t" | "services" | "paymentMethod">, lessonId: string, card: string) {
  const payment = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId } });
  const paymentMethodId = await h.paymentMethod(card);
  await h.services.stripe.attachPaymentMethod({ paymentMethodId, customerId: payment.providerCustomerId! });
  await h.t.db.payment.update({ where: { id: payment.id }, data: { providerPaymentMethodId: paymentMethodId } });
}
