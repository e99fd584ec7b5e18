import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { SessionUser } from "~/server/auth";
import { testServices } from "~/test/services";
import { AppError } from "~/server/errors";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { sessionAs as as, testContext, trpcCaller, trpcCode as codeOf } from "~/test/trpc-caller";
import {
  adminProcedure,
  createCallerFactory,
  createTRPCRouter,
  protectedProcedure,
  publicProcedure,
  studentProcedure,
  tutorProcedure,
} from "./trpc";

// A router of one procedure per guard, to prove each guard answers as documented.
const guards = createTRPCRouter({
  open: publicProcedure.query(() => "open"),
  anyone: protectedProcedure.query(({ ctx }) => ctx.user.role),
  student: studentProcedure.query(() => "student"),
  tutor: tutorProcedure.query(() => "tutor"),
  admin: adminProcedure.query(() => "admin"),
  validated: publicProcedure.input(z.object({ email: z.email(), age: z.number().int().min(18) })).mutation(() => "ok"),
  rule: publicProcedure.mutation(() => {
    throw new AppError("RULE_VIOLATION", "This lesson has already started.", { rule: "ALREADY_STARTED" });
  }),
});
const guardCaller = createCallerFactory(guards);

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const ctx = (user: SessionUser | null) => testContext(testServices(t.db), user);
const app = (user: SessionUser | null) => trpcCaller(testServices(t.db), user);

describe("procedure guards", () => {
  it.each([
    ["student", { STUDENT: "OK", TUTOR: "FORBIDDEN", ADMIN: "FORBIDDEN", anonymous: "UNAUTHORIZED" }],
    ["tutor", { STUDENT: "FORBIDDEN", TUTOR: "OK", ADMIN: "FORBIDDEN", anonymous: "UNAUTHORIZED" }],
    ["admin", { STUDENT: "FORBIDDEN", TUTOR: "FORBIDDEN", ADMIN: "OK", anonymous: "UNAUTHORIZED" }],
    ["anyone", { STUDENT: "OK", TUTOR: "OK", ADMIN: "OK", anonymous: "UNAUTHORIZED" }],
    ["open", { STUDENT: "OK", TUTOR: "OK", ADMIN: "OK", anonymous: "OK" }],
  ] as const)("%s procedure answers each role as expected", async (proc, expected) => {
    const got: Record<string, string> = {};
    for (const who of ["STUDENT", "TUTOR", "ADMIN", "anonymous"] as const) {
      const caller = guardCaller(ctx(who === "anonymous" ? null : as(who)));
      got[who] = await codeOf(caller[proc]());
    }
    expect(got).toEqual(expected);
  });

  it("flattens validation errors per field", async () => {
    const err = await guardCaller(ctx(null))
      .validated({ email: "nope", age: 12 })
      .catch((e: TRPCError) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("BAD_REQUEST");
    expect((err as TRPCError).message).toMatch(/email/);
    expect((err as TRPCError).message).toMatch(/age/);
  });

  it("maps AppError codes to tRPC codes in one place, keeping the message", async () => {
    const err = (await guardCaller(ctx(null))
      .rule()
      .catch((e) => e)) as TRPCError;
    expect(err.code).toBe("PRECONDITION_FAILED");
    expect(err.message).toBe("This lesson has already started.");
  });

  it("me.get returns the signed-in user's row from the database", async () => {
    await t.db.user.create({
      data: { id: "u-STUDENT", email: "STUDENT@x.test", name: "Stu Dent", role: "STUDENT", timeZone: "Asia/Tokyo" },
    });
    const me = await app(as("STUDENT")).me.get();
    expect(me).toMatchObject({ name: "Stu Dent", timeZone: "Asia/Tokyo", role: "STUDENT" });
    expect(await codeOf(app(null).me.get())).toBe("UNAUTHORIZED");
  });

  it("rejects a malformed time zone naming the field, and writes nothing", async () => {
    const caller = app(as("STUDENT"));
    const err = (await caller.me.updateTimeZone({ timeZone: "Mars/Olympus" }).catch((e) => e)) as TRPCError;
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toMatch(/timeZone/);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: "u-STUDENT" } })).timeZone).toBe("Asia/Tokyo");
  });

  it("sets a supported locale (stored in its BCP 47 case) and refuses any other naming the field, writing nothing", async () => {
    const caller = app(as("STUDENT"));
    expect((await caller.me.get()).locale).toBe("en-US");
    for (const locale of ["xx-YY", "de-DE-x-evil", "en-US\r\n", "a".repeat(200)]) {
      const err = (await caller.me.updateLocale({ locale }).catch((e) => e)) as TRPCError;
      expect(err.code, locale).toBe("BAD_REQUEST");
      expect(err.message).toMatch(/locale: .* is not supported; choose one of en-US/);
    }
    expect((await t.db.user.findUniqueOrThrow({ where: { id: "u-STUDENT" } })).locale).toBe("en-US");
    expect(await caller.me.updateLocale({ locale: "fr-fr" })).toEqual({ id: "u-STUDENT", locale: "fr-FR" });
    expect((await caller.me.get()).locale).toBe("fr-FR");
  });
});
