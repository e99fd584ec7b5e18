import { describe, expect, it } from "vitest";
import { adviceForDecline } from "~/components/checkout/card-decline";
import { money } from "~/shared/format";
import { describeLesson, type WordingLesson } from "./lesson-wording";

const START = new Date("2026-11-26T23:00:00Z");
const min = (n: number) => new Date(START.getTime() + n * 60_000);
type Payment = NonNullable<WordingLesson["payment"]>;

function lesson(over: Partial<WordingLesson> = {}, pay: Partial<Payment> = {}): WordingLesson {
  return {
    viewer: "STUDENT",
    status: "SCHEDULED",
    scheduledStart: START,
    scheduledEnd: min(25),
    joinWindowOpensAt: min(-15),
    cancelReason: null,
    noShowParty: null,
    priceAmount: 450,
    payment: {
      status: "AUTHORIZED",
      amount: 450,
      authorizationMode: "ON_SESSION",
      authorizeAt: null,
      amountCaptured: 0,
      amountRefunded: 0,
      tutorShare: null,
      lastError: null,
      ...pay,
    },
    ...over,
  };
}

const ctx = (now: Date) => ({ now, money: (a: number) => money(a, "USD", "en-US"), time: (d: Date) => d.toISOString() });
const say = (l: WordingLesson, now = min(-120)) => {
  const d = describeLesson(l, ctx(now));
  return [d.lesson.text, d.payment.text];
};

describe("lesson and payment wording", () => {
  it("a booked, authorized lesson", () => {
    expect(say(lesson())).toEqual(["Scheduled", "Card authorized — you'll be charged after the lesson"]);
    expect(say(lesson({ viewer: "TUTOR" }))).toEqual(["Scheduled", "The student's card is authorized — you're paid after the lesson"]);
  });

  it("the room opening and the call", () => {
    expect(say(lesson(), min(-10))[0]).toBe("Room open — starts soon");
    expect(say(lesson(), min(1))[0]).toBe("Room open — waiting for both to join");
    expect(say(lesson({ status: "IN_PROGRESS" }), min(5))[0]).toBe("In progress");
    expect(say(lesson({ status: "IN_PROGRESS" }), min(26))[0]).toBe("Over — being settled");
  });

  it("the incident's lesson: ended early, then completed and charged — the same words on both sides", () => {
    const ended = lesson({ status: "ENDED_EARLY" });
    expect(say(ended, min(2))).toEqual([
      "Ended early — settled after the scheduled end",
      "Card authorized — you'll be charged after the lesson",
    ]);
    expect(say({ ...ended, viewer: "TUTOR" }, min(2))[0]).toBe("Ended early — settled after the scheduled end");
    const done = lesson({ status: "COMPLETED" }, { status: "CAPTURED", amountCaptured: 450 });
    expect(say(done, min(60))).toEqual(["Completed — charged $4.50", "Charged $4.50"]);
    expect(say({ ...done, viewer: "TUTOR", payment: { ...done.payment!, tutorShare: 360 } }, min(60))).toEqual([
      "Completed — charged $4.50",
      "Student charged $4.50 — your share $3.60",
    ]);
    // finalized, capture not performed yet
    expect(say(lesson({ status: "COMPLETED" }), min(41))).toEqual(["Completed — charging $4.50", "Card authorized — being settled now"]);
  });

  it("no-shows", () => {
    expect(say(lesson({ status: "NO_SHOW", noShowParty: "TUTOR" }, { status: "VOIDED" }))).toEqual([
      "Missed — the tutor didn't come",
      "Not charged — the tutor didn't come",
    ]);
    expect(say(lesson({ status: "NO_SHOW", noShowParty: "STUDENT" }, { status: "CAPTURED", amountCaptured: 225 }))).toEqual([
      "Missed — you didn't come",
      "Charged $2.25 (half the price: you didn't come)",
    ]);
    expect(say(lesson({ status: "NO_SHOW", noShowParty: "TUTOR", viewer: "TUTOR" }, { status: "VOIDED" }))).toEqual([
      "Missed — you didn't come",
      "Not charged — you didn't come",
    ]);
  });

  it("cancellations, free and late", () => {
    expect(say(lesson({ status: "CANCELLED", cancelReason: "CANCELLED_BY_STUDENT" }, { status: "VOIDED" }))).toEqual([
      "Cancelled by you",
      "Not charged — the hold on your card was released",
    ]);
    expect(say(lesson({ status: "CANCELLED", cancelReason: "CANCELLED_BY_STUDENT" }, { status: "CAPTURED", amountCaptured: 225 }))).toEqual(
      ["Cancelled by you", "Charged $2.25 (late-cancellation fee)"],
    );
    expect(say(lesson({ status: "CANCELLED", cancelReason: "CANCELLED_BY_TUTOR" }, { status: "VOIDED" }))).toEqual([
      "Cancelled by the tutor",
      "Not charged — the tutor cancelled",
    ]);
    expect(say(lesson({ status: "CANCELLED", cancelReason: "NOBODY_JOINED" }, { status: "VOIDED" }))).toEqual([
      "Cancelled — nobody joined",
      "Not charged — nobody joined",
    ]);
  });

  it("declines and far-ahead bookings", () => {
    expect(
      say(
        lesson(
          { status: "CANCELLED", cancelReason: "PAYMENT_FAILED" },
          { status: "FAILED", lastError: "generic_decline: Your card was declined." },
        ),
      ),
    ).toEqual(["Cancelled — your card was declined", "Card declined — nothing was charged"]);
    const far = lesson(
      {},
      { status: "AWAITING_AUTHORIZATION", authorizationMode: "OFF_SESSION", authorizeAt: new Date("2026-12-08T23:00:00Z"), amount: 850 },
    );
    expect(say(far)[1]).toBe("Card saved — we'll authorize $8.50 on 2026-12-08T23:00:00.000Z");
    expect(say({ ...far, viewer: "TUTOR" })[1]).toBe("The student's card will be authorized on 2026-12-08T23:00:00.000Z");
  });

  it("refunds", () => {
    expect(say(lesson({ status: "COMPLETED" }, { status: "PARTIALLY_REFUNDED", amountCaptured: 450, amountRefunded: 200 }))[1]).toBe(
      "Charged $4.50, $2.00 refunded",
    );
    expect(say(lesson({ status: "COMPLETED" }, { status: "REFUNDED", amountCaptured: 450, amountRefunded: 450 }))[1]).toBe(
      "Refunded — $4.50 back to your card",
    );
  });
});

describe("decline advice", () => {
  it("always says nothing was charged and what to do", () => {
    expect(adviceForDecline("generic_decline: Your card was declined.")).toEqual({
      what: "Your card was declined — nothing was charged.",
      next: "Try another card.",
    });
    expect(adviceForDecline("insufficient_funds: Your card has insufficient funds.").what).toMatch(
      /insufficient funds — nothing was charged/,
    );
    expect(adviceForDecline("authentication_required: Your bank asks…").what).toMatch(/3-D Secure/);
    expect(adviceForDecline(null).next).toBe("Try another card.");
  });
});
