// Every fault the Stripe sandbox can inject, on the capture and on the void a finalized lesson needs. Whatever the
// provider does to the first attempt, the lesson must end with exactly one capture (or one void) at the provider, a
// payment status that says what really happened, and, when the first answer was lost, a look at the provider
// (retrieve) before anything is sent again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultSpec } from "~/sandbox/control-client";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import { finalizeTick, sweepTick } from "~/server/jobs/cron-ticks";
import { LIVE_OPERATION_STATES } from "~/shared/statuses";
import type { StripeGateway } from "~/server/providers/stripe";
import { type Harness, HOUR, MIN, startHarness } from "~/test/lifecycle-harness";
import { act, makeAdmin, providerCounts, story } from "~/test/lifecycle-helpers";

// A short client timeout so a hung request is given up quickly (the SDK default would be 10 s per hang).
const CLIENT_TIMEOUT_MS = 1_500;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T08:00:00Z", timeoutMs: CLIENT_TIMEOUT_MS });
});
afterAll(() => h.close());

/**
 * The provider calls made about each PaymentIntent, in order. This forwards every call to the real gateway (and so to
 * the sandbox); it only writes down the method name, so the test can check that a retrieve comes before any retry.
 */
function recordingGateway(inner: StripeGateway, calls: Map<string, string[]>): StripeGateway {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const arg = args[0] as string | { paymentIntentId?: string } | undefined;
        const pi = typeof arg === "string" ? arg : arg?.paymentIntentId;
        if (pi) calls.set(pi, [...(calls.get(pi) ?? []), String(prop)]);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

type Kind = "capture" | "void";

/** A lesson booked, played (or not) and due for finalize: the next finalize tick requests the capture or the void. */
async function dueLesson(kind: Kind) {
  const student = await h.student();
  const tutor = await h.tutor({ price25: 450 });
  const lessonId = await h.book(student, tutor, 1 * HOUR);
  await h.advance(1 * HOUR);
  if (kind === "capture") {
    await act(h.services, student, lessonId, "JOIN");
    await act(h.services, tutor, lessonId, "JOIN");
  }
  await h.advance(40 * MIN); // scheduled end (25 min) + 15 min grace
  return lessonId;
}

const PATHS: Record<Kind, string> = {
  capture: "/v1/payment_intents/*/capture",
  void: "/v1/payment_intents/*/cancel",
};

interface FaultCase {
  name: string;
  fault: Omit<FaultSpec, "method" | "path">;
  /** the operation's state right after the faulted attempt */
  after: "UNKNOWN" | "PENDING";
}

const FAULTS: FaultCase[] = [
  { name: "500 before the request ran", fault: { mode: "error500" }, after: "UNKNOWN" },
  // Stripe saves a 500 under the idempotency key and replays it for that key forever.
  { name: "500 stored under the idempotency key", fault: { mode: "error500", stored: true }, after: "UNKNOWN" },
  { name: "hang until the client times out", fault: { mode: "hang" }, after: "UNKNOWN" },
  // stripe-node retries one dropped connection by itself, so two are needed for the app to see it.
  { name: "connection reset", fault: { mode: "reset", count: 2 }, after: "UNKNOWN" },
  { name: "applied but the response lost", fault: { mode: "lost_response", count: 2 }, after: "UNKNOWN" },
  {
    name: "applied after the client gave up (slow provider)",
    fault: { mode: "latency", latencyMs: CLIENT_TIMEOUT_MS + 500 },
    after: "UNKNOWN",
  },
  { name: "429 rate limited", fault: { mode: "rate_limit" }, after: "PENDING" },
];

describe.each(FAULTS)("fault: $name", ({ fault, after }) => {
  it.each(["capture", "void"] as const)(
    "on the %s → exactly one at the provider, a truthful status, reconciled before any retry",
    async (kind) => {
      const lessonId = await dueLesson(kind);
      const calls = new Map<string, string[]>();
      const services = { ...h.services, stripe: recordingGateway(h.services.stripe, calls) };
      await h.stripe.control.injectFault({ method: "POST", path: PATHS[kind], ...fault });

      await finalizeTick(services, {});
      let s = await story(h, lessonId);
      const pi = s.payment.providerPaymentIntentId!;
      const op = s.operations.find((o) => o.kind === (kind === "capture" ? "CAPTURE" : "VOID"))!;
      // Not knowing is recorded as not knowing: the payment is still AUTHORIZED, the operation waits for a retry.
      expect(op).toMatchObject({ state: after, attempts: 1 });
      expect(op.lastError).toBeTruthy();
      expect(s.payment.status).toBe("AUTHORIZED");
      expect(s.lesson.status).toBe(kind === "capture" ? "COMPLETED" : "CANCELLED");
      expect(calls.get(pi)).toEqual([kind === "capture" ? "capture" : "cancel"]);

      // The cron keeps ticking; each round moves the clock past the operation's nextAttemptAt.
      calls.delete(pi);
      for (let round = 0; round < 8; round++) {
        const live = await h.t.db.paymentOperation.count({ where: { paymentId: s.payment.id, state: { in: [...LIVE_OPERATION_STATES] } } });
        if (live === 0) break;
        const next = await h.t.db.paymentOperation.findFirstOrThrow({
          where: { paymentId: s.payment.id, state: { in: [...LIVE_OPERATION_STATES] } },
        });
        const wait = Math.max(0, next.nextAttemptAt.getTime() - h.services.now().getTime());
        await h.advance(wait + 1_000);
        await finalizeTick(services, {});
        await sweepTick(services, {});
      }

      s = await story(h, lessonId);
      expect(s.live).toEqual([]);
      // Every retry looked at the provider first.
      expect(calls.get(pi)?.[0]).toBe("retrievePaymentIntent");
      const counts = await providerCounts(h, pi);
      if (kind === "capture") {
        expect(counts).toMatchObject({ captures: 1, cancels: 0 });
        expect(s.payment).toMatchObject({ status: "CAPTURED", amountCaptured: 450, platformFee: 90, tutorShare: 360 });
        expect(s.actions.filter((a) => a === "payment.captured")).toHaveLength(1);
      } else {
        expect(counts).toMatchObject({ captures: 0, cancels: 1 });
        expect(s.payment).toMatchObject({ status: "VOIDED", amountCaptured: 0 });
        expect(s.actions.filter((a) => a === "payment.voided")).toHaveLength(1);
      }
      // The operation that was in doubt is the one that finished: no second one was needed.
      const ops = s.operations.filter((o) => o.kind === op.kind);
      expect(ops.map((o) => o.state)).toEqual(["SUCCEEDED"]);
      // A flaky provider is not a money problem: nothing for an admin to chase.
      expect(s.alerts.filter((a) => a.type !== "TUTOR_NO_SHOW")).toEqual([]);
    },
  );
});

describe("the sweep's provider check racing a capture in flight", () => {
  it("does not 'repair' (or alert about) a capture our own worker made and is still reconciling", async () => {
    const { lessonId } = await h.startedLesson();
    await h.advance(30 * MIN); // over, not yet due for finalize
    const admin = await makeAdmin(h);

    // The sweep reads the payment (AUTHORIZED, nothing in flight) and asks Stripe about it; Stripe is slow to answer.
    const retrieves = async () => (await h.stripe.control.counters()).requests["GET /v1/payment_intents/:id"] ?? 0;
    const before = await retrieves();
    await h.stripe.control.injectFault({ method: "GET", path: "/v1/payment_intents/*", mode: "latency", latencyMs: 1_000 });
    const sweeping = sweepTick(h.services, {});
    // Wait until the sweep's retrieve has reached Stripe (so its read of our rows is done) before the admin acts.
    while ((await retrieves()) === before) await new Promise((r) => setTimeout(r, 5));
    // Meanwhile an admin captures; Stripe takes the money but the answer is lost, so our operation is UNKNOWN.
    await h.stripe.control.injectFault({ method: "POST", path: PATHS.capture, mode: "lost_response", count: 2 });
    const r = await adminPaymentAction(h.services, { type: "ADMIN", id: admin.id }, lessonId, {
      type: "ADMIN_CAPTURE",
      reason: "student asked for the receipt",
    });
    expect(r.outcome).toBe("provider_error");
    await sweeping;

    let s = await story(h, lessonId);
    // Our own capture is not a provider mismatch: nothing for an admin to investigate.
    expect(s.alerts.map((a) => a.type)).not.toContain("PROVIDER_MISMATCH");

    await h.advance(31_000);
    await finalizeTick(h.services, {});
    s = await story(h, lessonId);
    expect(s.payment).toMatchObject({ status: "CAPTURED", amountCaptured: 450 });
    expect(s.operations.filter((o) => o.kind === "CAPTURE").map((o) => o.state)).toEqual(["SUCCEEDED"]);
    expect(await providerCounts(h, s.payment.providerPaymentIntentId)).toMatchObject({ captures: 1 });
    expect(s.alerts).toEqual([]);
  });
});

describe.each(FAULTS)("fault on the authorization at booking: $name", ({ fault, after }) => {
  it("the booking stands, the hold is placed exactly once, and the payment says AUTHORIZED only once it is", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 450 });
    await h.stripe.control.injectFault({ method: "POST", path: "/v1/payment_intents", ...fault });
    const lessonId = await h.book(student, tutor, 2 * HOUR);
    let s = await story(h, lessonId);
    // The student's booking is not lost to a provider hiccup; the hold is simply not known yet.
    expect(s.lesson.status).toBe("SCHEDULED");
    expect(s.payment).toMatchObject({ status: "AWAITING_AUTHORIZATION", providerPaymentIntentId: null });
    expect(s.live).toMatchObject([{ kind: "AUTHORIZE", state: after, attempts: 1 }]);

    for (let round = 0; round < 40 && (await story(h, lessonId)).live.length > 0; round++) {
      const next = (await story(h, lessonId)).live[0]!;
      // "Another request with this key is still running" (the slow provider): that request runs in real time, so
      // give it real time, as the worker's backoff would.
      if (next.lastError?.startsWith("idempotency_key_in_use")) await new Promise((r) => setTimeout(r, 100));
      await h.advance(Math.max(0, next.nextAttemptAt.getTime() - h.services.now().getTime()) + 1_000);
      await finalizeTick(h.services, {});
    }
    s = await story(h, lessonId);
    expect(s.live).toEqual([]);
    expect(s.payment.status).toBe("AUTHORIZED");
    // One PaymentIntent holds the card for this payment, and it is the one we recorded.
    const intents = await h.services.stripe.findPaymentIntentByMetadata({
      paymentId: s.payment.id,
      customerId: s.payment.providerCustomerId!,
    });
    const holding = intents.filter((pi) => pi.status === "requires_capture");
    expect(holding.map((pi) => pi.paymentIntentId)).toEqual([s.payment.providerPaymentIntentId]);
    expect(s.operations.map((o) => [o.kind, o.state])).toEqual([["AUTHORIZE", "SUCCEEDED"]]);
  });
});
