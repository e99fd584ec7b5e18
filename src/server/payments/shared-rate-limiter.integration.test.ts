// The Stripe budget shared through PostgreSQL: several processes (here: services with their own database pools, as
// separate instances have) calling Stripe at once stay, together, under the provider's limit, as the Stripe sandbox's
// own rolling-second limiter (the one that answers 429) counts it. The same load through per-process limiters at the
// same rate is the control: it must draw 429s, or this test could not tell the two apart. Small rates (a sandbox
// allowing 10/s, a budget of 5/s) so that neither side depends on how fast a busy machine can send: the budget is half
// the limit, so a stalled event loop (which bunches requests) cannot make a correct limiter look wrong, and three
// per-process limiters at that rate still ask for 1.5 × the limit. One case stalls the event loop on purpose: the calls
// that came due during the stall must not all go out at once (the bunching that drew 429s in bench/shared-limit).
// One records when each call starts, across instances of which one gets every reservation reply late (a busy process):
// the starts keep the spacing the database handed out, up to the limiter's stated tolerance, whatever the delays.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/server/db/client";
import { createServices, type Services } from "~/server/services";
import { type RunningStripeSandbox, startStripeSandbox } from "~/sandbox/start";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createSharedProviderLimiter, ProviderBusyError } from "./shared-rate-limiter";

let t: TestDatabase;
let stripe: RunningStripeSandbox;
const pools: Db[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
  stripe = await startStripeSandbox({ port: 0, webhookUrl: null, rateLimitPerSecond: 10 });
  for (let i = 0; i < 3; i++) pools.push(createDb(t.url, { max: 4 }));
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.$disconnect()));
  await stripe.close();
  await t.drop();
});

function instance(db: Db, shared: boolean): Services {
  return createServices({
    db,
    stripe: {
      sandboxUrl: stripe.url,
      timeoutMs: 20_000,
      webhookSecret: "whsec_sandbox",
      limiter: { perSecond: 5, shared },
    },
    paypal: null,
  });
}

/** Three instances each sending `perInstance` requests at once; what the sandbox counted. */
async function burst(shared: boolean, perInstance: number) {
  const instances = pools.map((db) => instance(db, shared));
  const before = await stripe.control.counters();
  const results = await Promise.allSettled(
    instances.flatMap((s, i) => Array.from({ length: perInstance }, (_, j) => s.stripe.createCustomer({ email: `c${i}-${j}@test.dev` }))),
  );
  const after = await stripe.control.counters();
  return { ok: results.filter((r) => r.status === "fulfilled").length, rateLimited: after.rateLimited - before.rateLimited };
}

describe("the Stripe budget shared through PostgreSQL", () => {
  it("three instances calling at once together never exceed the provider's limit", async () => {
    const r = await burst(true, 15);
    expect(r).toEqual({ ok: 45, rateLimited: 0 });
  });

  it("a process whose replies arrive late still starts its calls at the database's instants, not shifted by the delay", async () => {
    const perSecond = 20;
    const toleranceMs = 15;
    // the first instance's reservation replies arrive late by a varying delay, as in a busy process
    const delays = [300, 0, 250, 20, 350, 0, 150, 300];
    let replies = 0;
    const late = new Proxy(pools[0]!, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        if (prop !== "$queryRaw") return value.bind(target);
        return async (...args: unknown[]) => {
          const rows: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          await new Promise((resolve) => setTimeout(resolve, delays[replies++ % delays.length]));
          return rows;
        };
      },
    });
    const limiters = [late, pools[1]!, pools[2]!].map((db) => createSharedProviderLimiter(db, { key: "recorded", perSecond, toleranceMs }));
    const starts: number[] = [];
    const record = async () => void starts.push(performance.now());
    // four waves per instance, a quarter of a second apart, so that each instance reserves in several rounds
    const waves = Array.from({ length: 4 }, async (_, w) => {
      await new Promise((resolve) => setTimeout(resolve, w * 250));
      await Promise.all(limiters.flatMap((l) => Array.from({ length: 5 }, () => l.schedule(record))));
    });
    await Promise.all(waves);
    await Promise.all(limiters.map((l) => l.stop()));

    expect(starts).toHaveLength(60);
    starts.sort((a, b) => a - b);
    // k calls after any call, the k-th starts no sooner than k slots later, less the window a start may take (tolerance
    // and 1 ms early) and 1 ms for the drift between this process's clock and the database's over the test
    const stepMs = 1000 / perSecond;
    const slackMs = toleranceMs + 1 + 1;
    const tooClose = starts.flatMap((t, i) =>
      starts.slice(i + 1).flatMap((u, k) => (u - t < (k + 1) * stepMs - slackMs ? [{ i, k: k + 1, gapMs: u - t }] : [])),
    );
    expect(tooClose).toEqual([]);
    // hence no rolling second holds more than ⌈perSecond × (1 s + slack)⌉ starts
    const busiest = Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + 1000).length));
    expect(busiest).toBeLessThanOrEqual(Math.ceil(perSecond * (1 + slackMs / 1000)));
  });

  it("a stalled event loop does not bunch the calls that came due during the stall into one rolling second", async () => {
    const run = burst(true, 15);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Busy-wait (not a timed assertion): the calls due in the next 1.5 s all find their timers late at once.
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      /* stall */
    }
    expect(await run).toEqual({ ok: 45, rateLimited: 0 });
  });

  it("the control: the same load through per-process limiters at the same rate draws 429s", async () => {
    const r = await burst(false, 15);
    expect(r.rateLimited).toBeGreaterThan(0);
  });

  it("refuses, with when to come back, a call whose turn is further ahead than the longest wait", async () => {
    const limiter = createSharedProviderLimiter(t.db, { key: "slow-provider", perSecond: 1, maxWaitMs: 500 });
    let ran = 0;
    await limiter.schedule(async () => (ran += 1)); // the idle bucket's one token
    const refused = await limiter.schedule(async () => (ran += 1)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProviderBusyError);
    expect((refused as ProviderBusyError).retryAfterMs).toBeGreaterThan(0);
    expect((refused as ProviderBusyError).message).toMatch(/Try again/);
    expect(ran).toBe(1);
    await limiter.stop();
  });
});

describe("a refusal by our own budget in the outbox worker", () => {
  it("is a plain retry with backoff (nothing was sent), not an ambiguous outcome to reconcile", async () => {
    const { performOperation } = await import("./perform-operation");
    const busy = new Proxy({} as Services["stripe"], {
      get: () => () => Promise.reject(new ProviderBusyError("stripe", 1_500)),
    });
    const outcome = await performOperation(busy, {
      operationId: "op_1",
      kind: "CAPTURE",
      amount: 450,
      idempotencyKey: "capture:pay_1",
      reconcileFirst: false,
      attempt: 1,
      lessonId: "lesson_1",
      paymentId: "pay_1",
      paymentIntentId: "pi_1",
      customerId: null,
      paymentMethodId: null,
    } as Parameters<typeof performOperation>[1]);
    expect(outcome).toMatchObject({ kind: "retry" });
  });
});
