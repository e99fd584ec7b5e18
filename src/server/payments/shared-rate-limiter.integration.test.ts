// The Stripe budget shared through PostgreSQL: several processes (here: services with their own database pools, as
// separate instances have) calling Stripe at once stay, together, under the provider's limit, as the Stripe sandbox's
// own rolling-second limiter (the one that answers 429) counts it. The same load through per-process limiters at the
// same rate is the control: it must draw 429s, or this test could not tell the two apart. Small rates (a sandbox
// allowing 10/s, a budget of 5/s) so that neither side depends on how fast a busy machine can send: the budget is half
// the limit, so a stalled event loop (which bunches requests) cannot make a correct limiter look wrong, and three
// per-process limiters at that rate still ask for 1.5 × the limit. One case stalls the event loop on purpose: the calls
// that came due during the stall still go out at their instants (from the limiter's sender thread), not all at once
// afterwards (the bunching that drew 429s in bench/shared-limit), and no slot is lost to the stall (one at most, to a
// loaded machine). The sandbox runs in a process of its own, as the provider does: in this one, its own clock would
// stall with the test's. One has every reservation answered late: an idle queue's first instant lies a round trip
// ahead, so the calls still go out. One records when each call starts, across instances of which one gets every
// reservation reply late (a busy process): the starts keep the spacing the database handed out, up to the limiter's
// stated tolerance, whatever the delays.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/server/db/client";
import { isProviderError, type ProviderError } from "~/server/providers/errors";
import { createServices, type Services } from "~/server/services";
import { type RemoteSandboxes, startRemoteSandboxes } from "~/sandbox/remote";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createSharedProviderLimiter, ProviderBusyError, type SharedProviderLimiter } from "./shared-rate-limiter";

let t: TestDatabase;
let sandboxes: RemoteSandboxes;
let stripe: RemoteSandboxes["stripe"];
const pools: Db[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
  sandboxes = await startRemoteSandboxes();
  stripe = sandboxes.stripe;
  await stripe.control.setRateLimit(10);
  for (let i = 0; i < 3; i++) pools.push(createDb(t.url, { max: 4 }));
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.$disconnect()));
  await sandboxes.close();
  await t.drop();
});

function instance(db: Db, limiter: SharedProviderLimiter | { perSecond: number }): Services {
  return createServices({
    db,
    stripe: { sandboxUrl: stripe.url, timeoutMs: 20_000, webhookSecret: "whsec_sandbox", limiter },
    paypal: null,
  });
}

/** `db` whose `$queryRaw` replies arrive `delayMs(sql)` ms after the database answered, as in a busy process. */
function withLateReplies(db: Db, delayMs: (sql: string) => number): Db {
  return new Proxy(db, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      if (prop !== "$queryRaw") return value.bind(target);
      return async (...args: unknown[]) => {
        const rows: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        await new Promise((resolve) => setTimeout(resolve, delayMs((args[0] as readonly string[])[0] ?? "")));
        return rows;
      };
    },
  });
}

/** Three instances each sending `perInstance` requests at once; what the sandbox counted, and the slots given up. */
async function burst(shared: boolean, perInstance: number) {
  const limiters = shared ? pools.map((db) => createSharedProviderLimiter(db, { key: "stripe", perSecond: 5 })) : [];
  const instances = pools.map((db, i) => instance(db, limiters[i] ?? { perSecond: 5 }));
  const before = await stripe.control.counters();
  const results = await Promise.allSettled(
    instances.flatMap((s, i) => Array.from({ length: perInstance }, (_, j) => s.stripe.createCustomer({ email: `c${i}-${j}@test.dev` }))),
  );
  const after = await stripe.control.counters();
  await Promise.all(limiters.map((l) => l.stop()));
  return {
    ok: results.filter((r) => r.status === "fulfilled").length,
    rateLimited: after.rateLimited - before.rateLimited,
    lostSlots: limiters.reduce((n, l) => n + l.stats().lostSlots, 0),
  };
}

describe("the Stripe budget shared through PostgreSQL", () => {
  it("three instances calling at once together never exceed the provider's limit", async () => {
    const r = await burst(true, 15);
    expect(r).toMatchObject({ ok: 45, rateLimited: 0 });
  });

  it("a process whose replies arrive late still starts its calls at the database's instants, not shifted by the delay", async () => {
    const perSecond = 20;
    const toleranceMs = 15;
    // the first instance's reservation replies arrive late by a varying delay, as in a busy process
    const delays = [300, 0, 250, 20, 350, 0, 150, 300];
    let replies = 0;
    const late = withLateReplies(pools[0]!, () => delays[replies++ % delays.length]!);
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
    const r = await run;
    expect(r).toMatchObject({ ok: 45, rateLimited: 0 });
    // The main-thread path gives up ~9 slots to this stall (checked by routing the gateway through `schedule`). The
    // sender thread, at nice −10, still missed one window in ~15 runs on a machine with two extra busy processes.
    expect(r.lostSlots).toBeLessThanOrEqual(1);
  });

  it("a process whose reservations are answered late still gets its calls out, at most the first slot given up", async () => {
    // Every reservation's reply comes 150 ms after the database took it (a loaded machine) — longer than a slot's
    // window, so an instant at the database's now has passed before this process learns it. The clock probes are not
    // delayed: the offset is known, only the reservations are slow.
    const slow = withLateReplies(pools[0]!, (sql) => (sql.includes('UPDATE "ProviderRateBudget"') ? 150 : 0));
    const limiter = createSharedProviderLimiter(slow, { key: "slow-replies", perSecond: 20, maxWaitMs: 1_000 });
    const s = instance(slow, limiter);
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, j) => s.stripe.createCustomer({ email: `slow-${j}@test.dev` })));
    await limiter.stop();
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(limiter.stats().lostSlots).toBeLessThanOrEqual(1);
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

describe("a gateway call whose request starts from the limiter's sender thread", () => {
  // the rolling second starts empty for each case (the bursts above fill it)
  beforeEach(() => stripe.control.setRateLimit(10));

  function throughThread(opts: { timeoutMs?: number; perSecond?: number; maxWaitMs?: number } = {}) {
    const limiter = createSharedProviderLimiter(pools[0]!, {
      key: `thread-${randomUUID()}`,
      perSecond: opts.perSecond ?? 5,
      maxWaitMs: opts.maxWaitMs,
    });
    const services = createServices({
      db: pools[0]!,
      stripe: { sandboxUrl: stripe.url, timeoutMs: opts.timeoutMs ?? 20_000, webhookSecret: "whsec_sandbox", limiter },
      paypal: null,
    });
    return { limiter, services };
  }

  it("gets the provider's refusal as the SDK makes it, the same as a request sent directly", async () => {
    const { limiter, services } = throughThread();
    const direct = instance(pools[1]!, { perSecond: 5 });
    const ask = (s: Services) =>
      s.stripe
        .capture({ paymentIntentId: "pi_not_ours", amountToCapture: 450, idempotencyKey: `capture-${randomUUID()}` })
        .catch((e: unknown) => e);
    const viaThread = await ask(services);
    const viaDirect = await ask(direct);
    expect(isProviderError(viaThread) && isProviderError(viaDirect)).toBe(true);
    expect((viaThread as ProviderError).failure).toEqual((viaDirect as ProviderError).failure);
    expect((viaThread as ProviderError).failure.kind).toBe("invalid_request");
    expect(limiter.stats()).toEqual({ started: 1, lostSlots: 0 });
    await limiter.stop();
  });

  it("reports a request the provider never answers as an unknown outcome once the timeout passes", async () => {
    const { limiter, services } = throughThread({ timeoutMs: 500 });
    await stripe.control.injectFault({ method: "POST", path: "/v1/customers", mode: "hang", count: 1 });
    const hung = await services.stripe.createCustomer({ email: "hung@test.dev" }).catch((e: unknown) => e);
    // the thread's timeout reaches the SDK as its own (ETIMEDOUT), not as some connection error
    expect(isProviderError(hung) && hung.failure).toMatchObject({ kind: "ambiguous", code: "timeout" });
    // the thread is free for the next request
    await expect(services.stripe.createCustomer({ email: "after@test.dev" })).resolves.toBeTruthy();
    await limiter.stop();
  });

  it("turns a refusal by our own budget, before anything was sent, into ProviderBusyError rather than a connection error", async () => {
    const { limiter, services } = throughThread({ perSecond: 1, maxWaitMs: 300 });
    await services.stripe.createCustomer({ email: "first@test.dev" });
    const refused = await services.stripe.createCustomer({ email: "second@test.dev" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProviderBusyError);
    expect(limiter.stats().started).toBe(1);
    await limiter.stop();
  });
});
