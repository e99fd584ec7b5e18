import { describe, expect, it } from "vitest";
import { queueItem } from "~/test/queue-fixtures";
import { defaultPolicy } from "~/server/lifecycle/policy";
import { classifyPayment } from "./queue";
import { countByCategory, inCategory, orderQueue, type QueueItem, queueTier } from "./queue-types";

const NOW = new Date("2026-11-26T12:00:00Z");
const H = 3_600_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);

function item(p: Partial<QueueItem> & Pick<QueueItem, "key" | "category">): QueueItem {
  return queueItem({ since: at(-H), ...p });
}

describe("queue order", () => {
  it("puts the soonest future deadline first, whatever the category", () => {
    const orphan = item({ key: "o", category: "ORPHANED_AUTHORIZATION", deadline: at(5 * 24 * H), since: at(-72 * H) });
    const near = item({ key: "n", category: "DEADLINE_NEAR", deadline: at(2 * H), severity: "CRITICAL" });
    const nearer = item({ key: "n2", category: "DEADLINE_NEAR", deadline: at(1 * H) });
    const report = item({ key: "r", category: "PROBLEM_REPORT", since: at(-100 * H) });
    expect(orderQueue([report, orphan, near, nearer], NOW).map((i) => i.key)).toEqual(["n2", "n", "o", "r"]);
  });

  it("then decisions (gravest, then oldest), then the record", () => {
    const expired = item({ key: "e", category: "AUTHORIZATION_EXPIRED", since: at(-500 * H) });
    const warnAlert = item({ key: "aw", category: "OPEN_ALERT", severity: "WARNING", since: at(-400 * H) });
    const critAlert = item({ key: "ac", category: "OPEN_ALERT", severity: "CRITICAL", since: at(-1 * H) });
    const failed = item({ key: "f", category: "CAPTURE_FAILED", severity: "CRITICAL", since: at(-2 * H) });
    const payout = item({ key: "p", category: "PAYOUT_PROBLEM", since: at(-50 * H) });
    const report = item({ key: "r", category: "PROBLEM_REPORT", since: at(-10 * H) });
    expect(orderQueue([expired, warnAlert, critAlert, failed, payout, report], NOW).map((i) => i.key)).toEqual([
      "f",
      "ac",
      "p",
      "r",
      "e",
      "aw",
    ]);
  });

  it("treats a deadline already passed on a hold we think is live as a decision, not as the top deadline", () => {
    const passed = item({ key: "x", category: "DEADLINE_NEAR", deadline: at(-1), severity: "CRITICAL" });
    const future = item({ key: "y", category: "ORPHANED_AUTHORIZATION", deadline: at(3 * 24 * H) });
    expect(queueTier(passed, NOW)).toBe(1);
    expect(orderQueue([passed, future], NOW).map((i) => i.key)).toEqual(["y", "x"]);
  });

  it("is a total order: ties break on the key, so reloads never reshuffle", () => {
    const a = item({ key: "a", category: "PROBLEM_REPORT" });
    const b = item({ key: "b", category: "PROBLEM_REPORT" });
    expect(orderQueue([b, a], NOW).map((i) => i.key)).toEqual(["a", "b"]);
    expect(orderQueue([a, b], NOW).map((i) => i.key)).toEqual(["a", "b"]);
  });

  it("counts alerts shown with their subject under open alerts too", () => {
    const alert = {
      id: "al",
      type: "CAPTURE_DEADLINE_NEAR",
      severity: "WARNING" as const,
      message: "m",
      subjectType: "LESSON",
      subjectId: "l",
      lessonId: "l",
      openedAt: NOW,
    };
    const near = item({ key: "n", category: "DEADLINE_NEAR", deadline: at(H), alerts: [alert] });
    const lone = item({ key: "a", category: "OPEN_ALERT", alert });
    const counts = countByCategory([near, lone]);
    expect(counts.DEADLINE_NEAR).toBe(1);
    expect(counts.OPEN_ALERT).toBe(2);
    expect(inCategory(near, "OPEN_ALERT")).toBe(true);
    expect(inCategory(near, "PROBLEM_REPORT")).toBe(false);
  });
});

describe("classifyPayment", () => {
  const op = (o: Partial<{ kind: string; state: string; attempts: number; createdAt: Date }>) => ({
    id: "op",
    kind: "CAPTURE",
    state: "PENDING",
    attempts: 0,
    lastError: null,
    nextAttemptAt: NOW,
    createdAt: at(-H),
    ...o,
  });
  const authorized = { status: "AUTHORIZED", captureBefore: at(6 * 24 * H), settlementAmount: null };

  it("an orphan: terminal lesson, hold still authorized, nothing live (the incident)", () => {
    expect(classifyPayment(authorized, "COMPLETED", [], NOW, defaultPolicy)?.category).toBe("ORPHANED_AUTHORIZATION");
    expect(classifyPayment(authorized, "NO_SHOW", [op({ kind: "VOID", state: "FAILED" })], NOW, defaultPolicy)?.category).toBe(
      "ORPHANED_AUTHORIZATION",
    );
  });

  it("not an orphan while a capture is queued for the first time", () => {
    expect(classifyPayment(authorized, "COMPLETED", [op({})], NOW, defaultPolicy)).toBeNull();
  });

  it("a capture retrying: unknown outcome, or pending after an attempt", () => {
    expect(classifyPayment(authorized, "COMPLETED", [op({ state: "UNKNOWN", attempts: 1 })], NOW, defaultPolicy)?.category).toBe(
      "CAPTURE_RETRYING",
    );
    expect(classifyPayment(authorized, "COMPLETED", [op({ state: "PENDING", attempts: 2 })], NOW, defaultPolicy)?.category).toBe(
      "CAPTURE_RETRYING",
    );
  });

  it("a failed capture wins over the orphan it also is", () => {
    expect(classifyPayment(authorized, "COMPLETED", [op({ state: "FAILED", attempts: 1 })], NOW, defaultPolicy)?.category).toBe(
      "CAPTURE_FAILED",
    );
  });

  it("a hold within 24 h of captureBefore on a lesson not over yet", () => {
    const near = { ...authorized, captureBefore: at(2 * H) };
    expect(classifyPayment(near, "SCHEDULED", [], NOW, defaultPolicy)?.category).toBe("DEADLINE_NEAR");
    expect(classifyPayment({ ...authorized, captureBefore: at(25 * H) }, "SCHEDULED", [], NOW, defaultPolicy)).toBeNull();
  });

  it("an expired hold, unless nothing was owed", () => {
    expect(
      classifyPayment({ status: "EXPIRED", captureBefore: at(-H), settlementAmount: null }, "SCHEDULED", [], NOW, defaultPolicy)?.category,
    ).toBe("AUTHORIZATION_EXPIRED");
    expect(
      classifyPayment({ status: "EXPIRED", captureBefore: at(-H), settlementAmount: 0 }, "CANCELLED", [], NOW, defaultPolicy),
    ).toBeNull();
  });

  it("settled payments are never in the queue", () => {
    for (const status of ["CAPTURED", "REFUNDED", "VOIDED", "PARTIALLY_REFUNDED", "FAILED"]) {
      expect(classifyPayment({ ...authorized, status }, "COMPLETED", [], NOW, defaultPolicy)).toBeNull();
    }
  });
});
