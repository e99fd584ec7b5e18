import { describe, expect, it } from "vitest";
import type { QueueItem } from "~/shared/admin-queue";
import { queueItem } from "~/test/queue-fixtures";
import { agoWords, describeQueueItem, majorAmountString, parseMajorAmount, spanWords, timeLeftWords } from "./wording";

const NOW = new Date("2026-11-26T12:00:00Z");
const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const f = { money: (n: number, c: string) => `${c} ${(n / 100).toFixed(2)}`, time: (d: Date) => d.toISOString() };

describe("time-left wording", () => {
  it("rounds down, in the largest units that matter", () => {
    expect(spanWords(30_000)).toBe("less than a minute");
    expect(spanWords(45 * MIN)).toBe("45 min");
    expect(spanWords(2 * H)).toBe("2 h");
    expect(spanWords(2 * H - 1)).toBe("1 h 59 min");
    expect(spanWords(D + 5 * H)).toBe("1 day 5 h");
    expect(spanWords(D)).toBe("1 day");
    expect(spanWords(12 * D + 5 * H)).toBe("12 days");
  });

  it("says how long is left, or how overdue", () => {
    expect(timeLeftWords(at(2 * H - 30_000), NOW)).toBe("1 h 59 min left");
    expect(timeLeftWords(at(-5 * MIN), NOW)).toBe("overdue by 5 min");
    expect(timeLeftWords(NOW, NOW)).toBe("less than a minute left");
    expect(agoWords(at(-3 * D), NOW)).toBe("3 days ago");
    expect(agoWords(at(-10_000), NOW)).toBe("just now");
  });
});

const lesson = {
  id: "11111111-1111-4111-8111-111111111111",
  status: "COMPLETED",
  scheduledStart: at(-3 * D - 25 * MIN),
  scheduledEnd: at(-3 * D),
  finalizedAt: at(-3 * D),
  priceAmount: 450,
  currency: "USD",
  student: { name: "Sam", email: "sam@x.test" },
  tutor: { name: "Tara", email: "tara@x.test" },
  payment: {
    id: "p",
    status: "AUTHORIZED",
    amount: 450,
    currency: "USD",
    amountCaptured: 0,
    amountRefunded: 0,
    settlementAmount: null,
    captureBefore: at(4 * D),
    providerPaymentIntentId: "pi_1",
    lastError: null,
  },
};

function item(p: Partial<QueueItem> & Pick<QueueItem, "category">): QueueItem {
  return queueItem({ since: at(-3 * D), lesson, ...p });
}

describe("queue reason wording", () => {
  it("an orphan says the lesson is over, the hold was never captured, and when it lapses", () => {
    const w = describeQueueItem(item({ category: "ORPHANED_AUTHORIZATION", deadline: at(4 * D) }), NOW, f);
    expect(w.title).toBe("Orphaned authorization");
    expect(w.why).toBe(
      "The lesson (Sam with Tara) was completed 3 days ago, but the USD 4.50 card hold was never captured and no capture is queued.",
    );
    expect(w.clock).toBe(`4 days left — the hold lapses ${at(4 * D).toISOString()}`);
    expect(w.tone).toBe("warn");
  });

  it("a hold near its deadline that finalize cannot reach in time says what can still be done", () => {
    const near = (scheduledEnd: Date) =>
      describeQueueItem(
        item({
          category: "DEADLINE_NEAR",
          severity: "CRITICAL",
          deadline: at(2 * H),
          lesson: { ...lesson, status: "SCHEDULED", scheduledEnd },
        }),
        NOW,
        f,
      );
    const afterDeadline = near(at(20 * H));
    expect(afterDeadline.why).toBe(
      `The USD 4.50 hold (Sam with Tara) lapses before the lesson even ends (${at(20 * H).toISOString()}), so it cannot be captured in time. Ask the student to pay again, or void it and cancel the lesson.`,
    );
    expect(afterDeadline.clock).toMatch(/^2 h left/);
    expect(afterDeadline.tone).toBe("danger");
    expect(near(at(H)).why).toContain("Capture it by hand right after the lesson ends");
    expect(near(at(-10 * 60_000)).why).toContain("Capture it now, before the hold lapses.");
  });

  it("a capture retrying names the attempts and the provider's error", () => {
    const op = {
      id: "o",
      kind: "CAPTURE",
      state: "PENDING",
      attempts: 3,
      lastError: "rate_limit: slow down",
      nextAttemptAt: at(5 * MIN),
      createdAt: at(-H),
    };
    const w = describeQueueItem(item({ category: "CAPTURE_RETRYING", operation: op, deadline: at(4 * D) }), NOW, f);
    expect(w.why).toContain("tried 3 times without success: rate_limit: slow down");
  });

  it("a failed payout says the money is back and what to do; nothing lapses", () => {
    const w = describeQueueItem(
      item({
        category: "PAYOUT_PROBLEM",
        lesson: null,
        since: at(-2 * H),
        payout: {
          id: "po",
          tutorId: "t",
          tutor: { name: "Omar", email: "omar@x.test" },
          amount: 1200,
          currency: "USD",
          method: "PAYPAL",
          status: "FAILED",
          providerStatus: "FAILED",
          destination: "omar@fail.test",
          lastError: "RECEIVER_UNREGISTERED",
          createdAt: at(-3 * H),
          sentAt: at(-3 * H),
        },
      }),
      NOW,
      f,
    );
    expect(w.title).toBe("Payout failed");
    expect(w.why).toBe(
      "The PayPal payout of USD 12.00 to Omar (omar@fail.test) failed: RECEIVER_UNREGISTERED. The money is back in the tutor's balance: retry the payout, or resolve the alert once the tutor has fixed their details.",
    );
    expect(w.clock).toBe("nothing lapses; waiting 2 h");
  });

  it("a problem report quotes the student and says the earning is held", () => {
    const w = describeQueueItem(
      item({ category: "PROBLEM_REPORT", report: { id: "r", reason: "Tutor left after 5 minutes", createdAt: at(-D) }, since: at(-D) }),
      NOW,
      f,
    );
    expect(w.why).toBe(
      "Sam reported a problem with the lesson with Tara: “Tutor left after 5 minutes”. The tutor's earning is held until you decide.",
    );
    expect(w.clock).toBe("nothing lapses; waiting 1 day");
  });
});

describe("amount input", () => {
  it("reads major units with the currency's decimals", () => {
    expect(parseMajorAmount("1.50", "USD")).toBe(150);
    expect(parseMajorAmount("1,5", "USD")).toBe(150);
    expect(parseMajorAmount(" 4 ", "USD")).toBe(400);
    expect(parseMajorAmount("450", "JPY")).toBe(450);
    expect(parseMajorAmount("1.234", "USD")).toBeNull();
    expect(parseMajorAmount("4.5", "JPY")).toBeNull();
    expect(parseMajorAmount("-1", "USD")).toBeNull();
    expect(parseMajorAmount("0", "USD")).toBeNull();
    expect(parseMajorAmount("abc", "USD")).toBeNull();
  });

  it("writes minor units back as an input value", () => {
    expect(majorAmountString(450, "USD")).toBe("4.50");
    expect(majorAmountString(5, "USD")).toBe("0.05");
    expect(majorAmountString(450, "JPY")).toBe("450");
  });
});
