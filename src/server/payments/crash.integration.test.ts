// The worker process is killed between the provider call and recording its outcome (a Vercel function hitting its
// limit, a deploy, an OOM). The money moved at Stripe, our database still says it did not. The next ticks must find
// out — the sweep turns the stale IN_FLIGHT claim into UNKNOWN after 2 minutes, then the worker retrieves from the
// provider before doing anything — so nothing is lost and nothing happens twice.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeScheduledPayments } from "~/server/jobs/authorize-scheduled";
import { finalizeTick, sweepTick } from "~/server/jobs/cron-ticks";
import { finalizeDueLessons } from "~/server/jobs/finalize-due-lessons";
import { STUCK_IN_FLIGHT_MS } from "~/server/jobs/sweep";
import { runDueOperations } from "~/server/payments/operation-worker";
import { DAY, type Harness, HOUR, MIN, startHarness } from "~/test/lifecycle-harness";
import { act, providerCounts, statusChain, story } from "~/test/lifecycle-helpers";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T08:00:00Z" });
});
afterAll(() => h.close());

const SCRIPT = path.resolve(__dirname, "../../test/crash-worker.ts");

/** Run the doomed worker on one operation; resolves with how it died and what it reported doing at the provider. */
function crashWorker(
  operationId: string,
): Promise<{ signal: NodeJS.Signals | null; code: number | null; called: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "--conditions=react-server", SCRIPT], {
      cwd: path.resolve(__dirname, "../../.."),
      env: {
        ...process.env,
        DATABASE_URL: h.t.url,
        STRIPE_URL: h.stripe.url,
        APP_NOW: h.services.now().toISOString(),
        OPERATION_ID: operationId,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const line = out.trim().split("\n").filter(Boolean).pop();
      const called = line ? (JSON.parse(line) as { called: string | null }).called : null;
      resolve({ signal, code, called, stderr });
    });
  });
}

/** npx runs tsx as a child, so the killed process may be a grandchild: its parent then exits 137 (128 + SIGKILL). */
function expectKilled(r: Awaited<ReturnType<typeof crashWorker>>, call: string) {
  expect(r.stderr).not.toContain("crash-worker failed");
  expect(r.called).toBe(call);
  expect(r.signal === "SIGKILL" || r.code === 137).toBe(true);
}

async function liveOperation(lessonId: string) {
  const s = await story(h, lessonId);
  expect(s.live).toHaveLength(1);
  return s.live[0]!;
}

/** After the crash: nothing is claimable for 2 minutes, then the sweep hands the operation back for reconciliation. */
async function recoverAfterCrash(lessonId: string) {
  // Within the 2 minutes the claim might still belong to a slow, living worker: the ticks leave it alone.
  await h.advance(STUCK_IN_FLIGHT_MS - 1_000);
  await finalizeTick(h.services, {});
  expect((await sweepTick(h.services, {})).sweep.stuckOperations).toBe(0);
  expect((await liveOperation(lessonId)).state).toBe("IN_FLIGHT");

  await h.advance(2_000);
  const sweep = await sweepTick(h.services, {});
  expect(sweep.sweep.stuckOperations).toBe(1);
  expect(sweep.operations.succeeded).toBe(1);
}

describe("worker killed between the provider call and recording the outcome", () => {
  it("capture: the next ticks find the capture at Stripe and record it; no second capture", async () => {
    const { lessonId } = await h.playedLesson();
    // The finalize job alone (not the worker): the capture operation is written and waits to be performed.
    expect((await finalizeDueLessons(h.services)).finalized).toBe(1);
    const op = await liveOperation(lessonId);
    expect(op).toMatchObject({ kind: "CAPTURE", state: "PENDING" });

    expectKilled(await crashWorker(op.id), "capture");
    let s = await story(h, lessonId);
    const pi = s.payment.providerPaymentIntentId!;
    // The money moved; our records do not know yet.
    expect(await providerCounts(h, pi)).toMatchObject({ captures: 1 });
    expect(s.payment.status).toBe("AUTHORIZED");
    expect(s.live[0]).toMatchObject({ state: "IN_FLIGHT", claimedBy: "doomed-worker", attempts: 1 });

    await recoverAfterCrash(lessonId);

    s = await story(h, lessonId);
    expect(await providerCounts(h, pi)).toMatchObject({ captures: 1, cancels: 0 });
    expect(s.payment).toMatchObject({ status: "CAPTURED", amountCaptured: 450, platformFee: 90, tutorShare: 360 });
    expect(s.operations.map((o) => [o.kind, o.state, o.attempts])).toEqual([
      ["AUTHORIZE", "SUCCEEDED", 1],
      ["CAPTURE", "SUCCEEDED", 2],
    ]);
    expect(s.actions.filter((a) => a === "payment.captured")).toHaveLength(1);
    expect(s.ledger.map((e) => [e.kind, e.amount]).sort()).toEqual([
      ["EARNING", 360],
      ["PLATFORM_FEE", 90],
    ]);
    expect(statusChain(s.audit, "PAYMENT")).toEqual(["AWAITING_AUTHORIZATION", "AUTHORIZED", "CAPTURED"]);
  });

  it("void: the next ticks find the hold released at Stripe and record VOIDED; no second cancel", async () => {
    const student = await h.student();
    const tutor = await h.tutor();
    const lessonId = await h.book(student, tutor, 1 * HOUR);
    await h.advance(1 * HOUR + 40 * MIN); // nobody joins
    await finalizeDueLessons(h.services);
    const op = await liveOperation(lessonId);
    expect(op).toMatchObject({ kind: "VOID", state: "PENDING" });

    expectKilled(await crashWorker(op.id), "cancel");
    const pi = (await story(h, lessonId)).payment.providerPaymentIntentId!;
    expect(await providerCounts(h, pi)).toMatchObject({ cancels: 1 });

    await recoverAfterCrash(lessonId);

    const s = await story(h, lessonId);
    expect(await providerCounts(h, pi)).toMatchObject({ captures: 0, cancels: 1 });
    expect(s.lesson.status).toBe("CANCELLED");
    expect(s.payment).toMatchObject({ status: "VOIDED", amountCaptured: 0 });
    expect(s.live).toEqual([]);
  });

  it("off-session authorization: the hold placed before the crash is found and used; no second hold", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 450 });
    const lessonId = await h.book(student, tutor, 10 * DAY);
    const start = (await story(h, lessonId)).lesson.scheduledStart.getTime();
    await h.advance(start - 48 * HOUR - h.services.now().getTime());
    expect((await authorizeScheduledPayments(h.services)).requested).toBe(1);
    const op = await liveOperation(lessonId);
    expect(op).toMatchObject({ kind: "AUTHORIZE", state: "PENDING" });

    expectKilled(await crashWorker(op.id), "authorize");
    expect((await story(h, lessonId)).payment).toMatchObject({ status: "AWAITING_AUTHORIZATION", providerPaymentIntentId: null });

    await recoverAfterCrash(lessonId);

    let s = await story(h, lessonId);
    expect(s.payment.status).toBe("AUTHORIZED");
    const customer = s.payment.providerCustomerId!;
    const intents = await h.services.stripe.findPaymentIntentByMetadata({ paymentId: s.payment.id, customerId: customer });
    // Exactly one PaymentIntent was ever created for this payment, and it is the one we recorded.
    expect(intents.map((pi) => pi.paymentIntentId)).toEqual([s.payment.providerPaymentIntentId]);
    expect(s.operations.map((o) => [o.kind, o.state])).toEqual([["AUTHORIZE", "SUCCEEDED"]]);

    // And the lesson settles on that hold as usual.
    await h.advance(start - h.services.now().getTime());
    await act(h.services, student, lessonId, "JOIN");
    await act(h.services, tutor, lessonId, "JOIN");
    await h.advance(40 * MIN);
    await finalizeTick(h.services, {});
    s = await story(h, lessonId);
    expect(s.payment).toMatchObject({ status: "CAPTURED", amountCaptured: 450 });
    expect(await providerCounts(h, s.payment.providerPaymentIntentId)).toMatchObject({ authorizations: 1, captures: 1 });
  });
});

describe("a worker that outlives its claim", () => {
  it("a stale worker's late 'unknown' does not reopen an operation another worker has since finished", async () => {
    const { lessonId } = await h.playedLesson();
    await finalizeDueLessons(h.services);

    // Worker A sends the capture and Stripe never answers; A waits for its client timeout (3 s in tests).
    await h.stripe.control.injectFault({ method: "POST", path: "/v1/payment_intents/*/capture", mode: "hang" });
    const workerA = runDueOperations(h.services, { workerId: "worker-a" });
    while ((await liveOperation(lessonId)).state !== "IN_FLIGHT") await new Promise((r) => setTimeout(r, 5));

    // Meanwhile, by the app's clock, A's claim goes stale: the sweep hands the operation to worker B, which looks at
    // Stripe (nothing captured), captures, and records it.
    await h.advance(STUCK_IN_FLIGHT_MS + 1_000);
    const sweep = await sweepTick(h.services, {});
    expect(sweep.sweep.stuckOperations).toBe(1);
    expect(sweep.operations.succeeded).toBe(1);

    // A's request finally times out: its "unknown" must not reopen what B finished.
    expect(await workerA).toMatchObject({ unknown: 1 });
    const s = await story(h, lessonId);
    expect(s.payment).toMatchObject({ status: "CAPTURED", amountCaptured: 450 });
    expect(s.live).toEqual([]);
    expect(s.operations.filter((o) => o.kind === "CAPTURE").map((o) => [o.state, o.attempts])).toEqual([["SUCCEEDED", 2]]);
    expect(await providerCounts(h, s.payment.providerPaymentIntentId)).toMatchObject({ captures: 1 });
  });
});
