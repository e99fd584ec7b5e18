import { describe, expect, it } from "vitest";
import { renderMessage } from "~/shared/message-tokens";
import { defaultPolicy, policyWith } from "./policy";
import { type ProblemReportFacts, problemReportRule } from "./problem-report-rule";

const H = 3_600_000;
const start = new Date("2026-11-26T23:00:00Z");
const end = new Date("2026-11-26T23:25:00Z");
const afterEnd = (ms: number) => new Date(end.getTime() + ms);
const captured = { status: "CAPTURED", amountCaptured: 450, amountRefunded: 0, settlementAmount: 450 };

function facts(over: Partial<ProblemReportFacts> = {}, lesson: Partial<ProblemReportFacts["lesson"]> = {}): ProblemReportFacts {
  return {
    viewer: "STUDENT",
    lesson: { status: "COMPLETED", scheduledStart: start, scheduledEnd: end, ...lesson },
    payment: captured,
    reported: false,
    ...over,
  };
}
const rule = (f: ProblemReportFacts, at: Date, policy = defaultPolicy) => problemReportRule(f, at, policy);
const code = (f: ProblemReportFacts, at: Date) => {
  const d = rule(f, at);
  return d.allowed ? "ALLOWED" : d.code;
};

describe("problem report rule", () => {
  it("is open from the scheduled start until the window after the scheduled end, both instants included", () => {
    const scheduled = facts(
      { payment: { ...captured, status: "AUTHORIZED", amountCaptured: 0, settlementAmount: null } },
      { status: "SCHEDULED" },
    );
    expect(code(scheduled, new Date(start.getTime() - 60_000))).toBe("TOO_EARLY");
    expect(code(scheduled, start)).toBe("ALLOWED");
    expect(code(facts(), afterEnd(72 * H))).toBe("ALLOWED");
    expect(code(facts(), afterEnd(72 * H + 1))).toBe("REPORT_WINDOW_CLOSED");
    expect(rule(facts(), start)).toEqual({ allowed: true, deadline: afterEnd(72 * H) });
  });

  it("follows the policy's window, and says it in its refusal instead of a fixed 72 hours", () => {
    const policy = policyWith({ problemReportWindowMs: 24 * H });
    const late = rule(facts(), afterEnd(25 * H), policy);
    expect(late).toMatchObject({ allowed: false, code: "REPORT_WINDOW_CLOSED", deadline: afterEnd(24 * H) });
    expect(renderMessage(late.allowed ? "" : late.message)).toBe(
      "Problems can be reported until Fri, Nov 27, 2026, 11:25 PM UTC (24 hours after the lesson's scheduled end). Contact support for anything later.",
    );
  });

  it("takes one report per lesson, from its student only", () => {
    expect(code(facts({ reported: true }), afterEnd(H))).toBe("ALREADY_REPORTED");
    expect(code(facts({ viewer: "TUTOR" }), afterEnd(H))).toBe("STUDENT_ONLY");
  });

  it("needs a charge to dispute: a late-cancellation fee or a half-price no-show counts, a released hold does not", () => {
    const lateFee = facts({ payment: { ...captured, amountCaptured: 225, settlementAmount: 225 } }, { status: "CANCELLED" });
    expect(code(lateFee, afterEnd(H))).toBe("ALLOWED");
    const freeCancel = facts(
      { payment: { ...captured, status: "VOIDED", amountCaptured: 0, settlementAmount: 0 } },
      { status: "CANCELLED" },
    );
    expect(code(freeCancel, afterEnd(H))).toBe("NOTHING_CHARGED");
    const studentNoShow = facts(
      { payment: { ...captured, status: "AUTHORIZED", amountCaptured: 0, settlementAmount: 225 } },
      { status: "NO_SHOW" },
    );
    expect(code(studentNoShow, afterEnd(H))).toBe("ALLOWED");
    const voidComing = facts(
      { payment: { ...captured, status: "AUTHORIZED", amountCaptured: 0, settlementAmount: 0 } },
      { status: "NO_SHOW" },
    );
    expect(code(voidComing, afterEnd(H))).toBe("NOTHING_CHARGED");
    for (const status of ["FAILED", "EXPIRED"]) {
      expect(code(facts({ payment: { ...captured, status, amountCaptured: 0 } }, { status: "CANCELLED" }), afterEnd(H))).toBe(
        "NOTHING_CHARGED",
      );
    }
    expect(code(facts({ payment: { ...captured, status: "REFUNDED", amountRefunded: 450 } }), afterEnd(H))).toBe("NOTHING_CHARGED");
    expect(code(facts({ payment: { ...captured, status: "PARTIALLY_REFUNDED", amountRefunded: 150 } }), afterEnd(H))).toBe("ALLOWED");
    expect(code(facts({ payment: null }), afterEnd(H))).toBe("NOTHING_CHARGED");
  });

  it("counts a lesson not settled yet as charged: the tutor's microphone can fail during the call", () => {
    const inProgress = facts(
      { payment: { ...captured, status: "AUTHORIZED", amountCaptured: 0, settlementAmount: null } },
      { status: "IN_PROGRESS" },
    );
    expect(code(inProgress, new Date(start.getTime() + 60_000))).toBe("ALLOWED");
  });
});
