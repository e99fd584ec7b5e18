// A saturated pool answers in words: a real pool of one connection held by a transaction, a second transaction that
// cannot start within its bounded wait, and what a procedure answering with that error says (and its Retry-After).
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCallerFactory, createTRPCRouter, publicProcedure } from "~/server/api/trpc";
import { createDb, type Db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { ProviderBusyError } from "~/server/payments/shared-rate-limiter";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { testServices } from "~/test/services";
import { testContext } from "~/test/trpc-caller";
import { busyError, retryAfterSeconds } from "./busy";

let t: TestDatabase;
let one: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  one = createDb(t.url, { max: 1 });
});
afterAll(async () => {
  await one.$disconnect();
  await t.drop();
});

/** The error Prisma raises when no transaction can start within maxWait because the pool's one connection is held. */
async function saturatedPoolError(): Promise<unknown> {
  let release!: () => void;
  const held = one.$transaction(() => new Promise<void>((resolve) => (release = resolve)), { maxWait: 5_000, timeout: 30_000 });
  await new Promise((r) => setTimeout(r, 200));
  const error = await one.$transaction(async (tx) => tx.$queryRaw`SELECT 1`, { maxWait: 300 }).catch((e: unknown) => e);
  release();
  await held;
  return error;
}

describe("busy answers", () => {
  it("a transaction that cannot start on a saturated pool becomes RATE_LIMITED with a sentence and when to retry", async () => {
    const raw = await saturatedPoolError();
    const mapped = busyError(raw);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ code: "RATE_LIMITED", details: { rule: "SERVER_BUSY", retryAfterSeconds: 2 } });
    expect(mapped!.message).toMatch(/Nothing was changed; try again in 2 s/);
  });

  it("a procedure failing that way answers TOO_MANY_REQUESTS in words, never the driver's error", async () => {
    const raw = await saturatedPoolError();
    const router = createTRPCRouter({
      busy: publicProcedure.query(() => {
        throw raw;
      }),
      provider: publicProcedure.query(() => {
        throw new ProviderBusyError("stripe", 3_200);
      }),
    });
    const caller = createCallerFactory(router)(testContext(testServices(t.db), null));
    const e = await caller.busy().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TRPCError);
    expect((e as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect((e as TRPCError).message).not.toMatch(/P2028|Transaction API|prisma/i);
    expect(retryAfterSeconds([(e as TRPCError).cause])).toBe(2);
    const p = await caller.provider().catch((x: unknown) => x);
    expect((p as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect((p as TRPCError).message).toMatch(/Payments are busy right now/);
    expect(retryAfterSeconds([(p as TRPCError).cause])).toBe(4);
  });

  it("other errors are left alone", () => {
    expect(busyError(new Error("boom"))).toBeNull();
    expect(retryAfterSeconds([new Error("boom")])).toBeNull();
  });
});
