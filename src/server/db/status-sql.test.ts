// The status lists of ~/shared/statuses are the one source every module reads; these checks keep them equal to the
// database's enums (a schema change that forgets the list fails here) and keep the hand-written SQL in step.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as Enums from "~/generated/prisma/enums";
import { sinks, LESSON_EDGES } from "~/server/lifecycle/graph";
import {
  ACTIVE_LESSON_STATUSES,
  isOneOf,
  CAPTURED_PAYMENT_STATUSES,
  CLAIMABLE_OPERATION_STATES,
  CLAIMABLE_PAYOUT_STATUSES,
  LESSON_STATUSES,
  LIVE_OPERATION_STATES,
  LIVE_PAYOUT_STATUSES,
  OPERATION_STATES,
  PAYMENT_STATUSES,
  PAYOUT_STATUSES,
  REFUNDED_PAYMENT_STATUSES,
  RELEASED_PAYMENT_STATUSES,
  RETURNED_PAYOUT_STATUSES,
  SENT_PAYOUT_STATUSES,
  SETTLED_PAYOUT_STATUSES,
  TERMINAL_LESSON_STATUSES,
  UNSETTLED_PAYMENT_STATUSES,
} from "~/shared/statuses";
import { sqlIn } from "./status-sql";

describe("shared status lists", () => {
  it("equal the Prisma enums, value for value and in order", () => {
    expect(LESSON_STATUSES).toEqual(Object.values(Enums.LessonStatus));
    expect(PAYMENT_STATUSES).toEqual(Object.values(Enums.PaymentStatus));
    expect(OPERATION_STATES).toEqual(Object.values(Enums.OperationState));
    expect(PAYOUT_STATUSES).toEqual(Object.values(Enums.PayoutStatus));
  });

  it("split each status set without overlap or gap where they partition it", () => {
    expect([...TERMINAL_LESSON_STATUSES, ...ACTIVE_LESSON_STATUSES].sort()).toEqual([...LESSON_STATUSES].sort());
    // terminal = where the lesson graph ends (no move leaves it)
    expect(sinks(LESSON_EDGES, LESSON_STATUSES)).toEqual([...TERMINAL_LESSON_STATUSES]);
    for (const sub of [UNSETTLED_PAYMENT_STATUSES, CAPTURED_PAYMENT_STATUSES, REFUNDED_PAYMENT_STATUSES, RELEASED_PAYMENT_STATUSES]) {
      for (const s of sub) expect(PAYMENT_STATUSES).toContain(s);
    }
    for (const s of REFUNDED_PAYMENT_STATUSES) expect(CAPTURED_PAYMENT_STATUSES).toContain(s);
    for (const s of [...LIVE_OPERATION_STATES, ...CLAIMABLE_OPERATION_STATES]) expect(OPERATION_STATES).toContain(s);
    for (const s of CLAIMABLE_OPERATION_STATES) expect(LIVE_OPERATION_STATES).toContain(s);
    for (const s of [...LIVE_PAYOUT_STATUSES, ...RETURNED_PAYOUT_STATUSES, ...SENT_PAYOUT_STATUSES, ...SETTLED_PAYOUT_STATUSES]) {
      expect(PAYOUT_STATUSES).toContain(s);
    }
    // a payout is live or settled, never both
    expect(LIVE_PAYOUT_STATUSES.filter((s) => isOneOf(SETTLED_PAYOUT_STATUSES, s))).toEqual([]);
    for (const s of CLAIMABLE_PAYOUT_STATUSES) expect(LIVE_PAYOUT_STATUSES).toContain(s);
  });
});

describe("sqlIn", () => {
  it("renders a list as literals (an enum column compares with them without a cast)", () => {
    const f = sqlIn(LIVE_OPERATION_STATES);
    expect(f.sql).toBe("IN ('PENDING', 'IN_FLIGHT', 'UNKNOWN')");
    expect(f.values).toEqual([]);
  });

  it("refuses anything that is not an enum label", () => {
    expect(() => sqlIn([])).toThrow(/at least one/);
    expect(() => sqlIn(["PENDING'); DROP TABLE x; --"])).toThrow(/not an enum label/);
    expect(() => sqlIn(["pending"])).toThrow(/not an enum label/);
  });

  it("is what the hand-written partial indexes of the migrations say", () => {
    const dir = path.resolve("prisma/migrations");
    const sql = readdirSync(dir)
      .filter((d) => !d.endsWith(".toml"))
      .map((d) => readFileSync(path.join(dir, d, "migration.sql"), "utf8"))
      .join("\n");
    expect(sql).toContain(`WHERE "state" ${sqlIn(LIVE_OPERATION_STATES).sql}`); // manual_payment_operation_one_live
    expect(sql).toContain(`WHERE "status" ${sqlIn(LIVE_PAYOUT_STATUSES).sql}`); // manual_payout_one_live_per_tutor
  });
});
