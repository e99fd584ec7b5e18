import { describe, it, expect } from "vitest";
import { defaultPolicy, operationRetryDelayMs, policyWith } from "./policy";

const MIN = 60_000;
const HOUR = 60 * MIN;

describe("defaultPolicy", () => {
  it("carries every number from docs/domain.md's rule table", () => {
    expect(defaultPolicy).toMatchObject({
      platformFeeBps: 2000,
      joinWindowOpensBeforeStartMs: 15 * MIN,
      finalizeGraceMs: 15 * MIN,
      studentNoShowCaptureBps: 5000,
      lateCancelCaptureBps: 5000,
      freeCancellationNoticeMs: 24 * HOUR,
      authorizationHorizonMs: 6 * 24 * HOUR,
      scheduledAuthorizationLeadMs: 48 * HOUR,
      authorizationGiveUpBeforeStartMs: 24 * HOUR,
      captureDeadlineWarningMs: 24 * HOUR,
      problemReportWindowMs: 72 * HOUR,
      earningsHoldMs: 72 * HOUR,
      payoutMinimums: { STRIPE: 100, PAYPAL: 1000 },
      orphanSweepIntervalMinutes: 15,
      finalizeIntervalMinutes: 1,
      payoutIntervalMinutes: 60,
      allowedDurations: [25, 50],
    });
    expect(defaultPolicy.authorizationRetryIntervalMs).toBeGreaterThan(0);
  });

  it("earnings are not released before the problem-report window closes (the seed released them after 1 h)", () => {
    expect(defaultPolicy.earningsHoldMs).toBeGreaterThanOrEqual(defaultPolicy.problemReportWindowMs);
  });

  it("is frozen, so no caller can change a rule for everyone at run time", () => {
    expect(Object.isFrozen(defaultPolicy)).toBe(true);
    expect(Object.isFrozen(defaultPolicy.payoutMinimums)).toBe(true);
    expect(Object.isFrozen(defaultPolicy.operationRetry)).toBe(true);
  });
});

describe("policyWith", () => {
  it("overrides single numbers, including nested ones, and leaves the rest", () => {
    const p = policyWith({ platformFeeBps: 1500, payoutMinimums: { PAYPAL: 2000 }, operationRetry: { maxMs: HOUR } });
    expect(p.platformFeeBps).toBe(1500);
    expect(p.payoutMinimums).toEqual({ STRIPE: 100, PAYPAL: 2000 });
    expect(p.operationRetry).toEqual({ ...defaultPolicy.operationRetry, maxMs: HOUR });
    expect(p.finalizeGraceMs).toBe(defaultPolicy.finalizeGraceMs);
    expect(defaultPolicy.platformFeeBps).toBe(2000);
  });

  it.each([
    [{ platformFeeBps: 10_001 }, /platformFeeBps must be an integer between 0 and 10000/],
    [{ lateCancelCaptureBps: 12.5 }, /lateCancelCaptureBps/],
    [{ finalizeGraceMs: -1 }, /finalizeGraceMs must be a non-negative integer/],
    [{ authorizationRetryIntervalMs: 0 }, /authorizationRetryIntervalMs must be positive/],
    [{ scheduledAuthorizationLeadMs: 24 * HOUR }, /scheduledAuthorizationLeadMs must be longer/],
    [{ allowedDurations: [] }, /allowedDurations/],
    [{ operationRetry: { baseMs: 10, maxMs: 5 } }, /maxMs must be ≥ baseMs/],
  ] as const)("refuses %o", (overrides, message) => {
    expect(() => policyWith(overrides as never)).toThrow(message);
  });
});

describe("operationRetryDelayMs", () => {
  it("doubles from the base and stops at the ceiling", () => {
    const { baseMs, maxMs } = defaultPolicy.operationRetry;
    expect(operationRetryDelayMs(1)).toBe(baseMs);
    expect(operationRetryDelayMs(2)).toBe(2 * baseMs);
    expect(operationRetryDelayMs(3)).toBe(4 * baseMs);
    expect(operationRetryDelayMs(100)).toBe(maxMs);
  });
});
