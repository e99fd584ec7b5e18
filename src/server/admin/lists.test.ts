import { describe, expect, it } from "vitest";
import { unstartedLesson } from "~/server/lifecycle/booking";
import { defaultPolicy, policyWith } from "~/server/lifecycle/policy";
import type { LessonSnapshot, LessonState, PaymentSnapshot } from "~/server/lifecycle/types";
import { lessonState } from "~/test/lifecycle-fixtures";
import { exportFilename } from "./export";
import { capturePreviewFor } from "./lesson-money";
import { rangeInstants, searchKind } from "./lists";

describe("admin list filters", () => {
  it("a date range is whole days in the admin's time zone", () => {
    expect(rangeInstants({ from: "2026-11-26", to: "2026-11-26", timeZone: "America/New_York" })).toEqual({
      gte: new Date("2026-11-26T05:00:00Z"),
      lt: new Date("2026-11-27T05:00:00Z"),
    });
    expect(rangeInstants({ from: "2026-03-29", timeZone: "Europe/Berlin" })).toEqual({ gte: new Date("2026-03-28T23:00:00Z") });
    expect(rangeInstants({ timeZone: "UTC" })).toEqual({});
    expect(() => rangeInstants({ from: "2026-11-27", to: "2026-11-26", timeZone: "UTC" })).toThrow(/must not be before/);
    expect(() => rangeInstants({ from: "26/11/2026", timeZone: "UTC" })).toThrow(/use a date like/);
  });

  it("tells ids, provider ids, emails and words apart", () => {
    expect(searchKind("3f2a6c1e-9a7b-4c7d-8e2f-0a1b2c3d4e5f")).toBe("id");
    expect(searchKind(" pi_3Nabc123 ")).toBe("provider");
    expect(searchKind("sam@demo.test")).toBe("email");
    expect(searchKind("@demo")).toBe("email");
    expect(searchKind("Sam")).toBe("text");
  });

  it("names the export file after the range, with nothing from the input but digits and dashes", () => {
    expect(exportFilename({ from: "2026-11-01", to: "2026-11-30" })).toBe("lessons_2026-11-01_to_2026-11-30.csv");
    expect(exportFilename({ from: '2026"; evil', to: undefined })).toBe("lessons_start_to_now.csv");
  });
});

describe("capture preview", () => {
  const now = new Date("2026-11-26T12:00:00Z");
  const lesson = (o: Partial<LessonSnapshot> = {}) =>
    ({
      ...unstartedLesson({
        id: "l",
        studentId: "s",
        tutorId: "t",
        scheduledStart: new Date("2026-11-23T23:00:00Z"),
        scheduledEnd: new Date("2026-11-23T23:25:00Z"),
        durationMinutes: 25,
        priceAmount: 450,
        currency: "USD",
      }),
      status: "COMPLETED",
      studentJoinedAt: new Date("2026-11-23T23:00:00Z"),
      tutorJoinedAt: new Date("2026-11-23T23:00:00Z"),
      ...o,
    }) satisfies LessonSnapshot;
  const held = { status: "AUTHORIZED", amount: 450, currency: "USD", settlementAmount: null } as const;
  /** The lifecycle state the preview runs ADMIN_CAPTURE on: this lesson, this payment, no live operation. */
  const state = (l: LessonSnapshot, p: Pick<PaymentSnapshot, "status" | "amount" | "currency" | "settlementAmount">): LessonState =>
    lessonState({ lesson: l, payment: { captureBefore: null, ...p } });

  it("the incident's $4.50: fee $0.90, tutor $3.60 at the default 20 %", () => {
    expect(capturePreviewFor(state(lesson(), held), defaultPolicy, now)).toMatchObject({
      capturable: true,
      amount: 450,
      platformFee: 90,
      tutorShare: 360,
      feeBps: 2000,
    });
  });

  it("follows the configured fee and the settled amount", () => {
    expect(
      capturePreviewFor(
        state(lesson({ status: "NO_SHOW" }), { ...held, settlementAmount: 225 }),
        policyWith({ platformFeeBps: 1500 }),
        now,
      ),
    ).toMatchObject({
      amount: 225,
      platformFee: 34,
      tutorShare: 191,
      feeBps: 1500,
    });
  });

  it("a lesson not over yet, or a hold that is gone, cannot be captured", () => {
    expect(
      capturePreviewFor(state(lesson({ status: "SCHEDULED", scheduledEnd: new Date("2026-11-27T00:00:00Z") }), held), defaultPolicy, now),
    ).toMatchObject({ capturable: false });
    expect(capturePreviewFor(state(lesson(), { ...held, status: "VOIDED" }), defaultPolicy, now)).toMatchObject({ capturable: false });
    expect(capturePreviewFor(state(lesson(), { ...held, status: "CAPTURED" }), defaultPolicy, now)).toEqual({
      capturable: false,
      reason: "Already captured.",
    });
  });

  it("an overdue lesson is priced by who joined (student no-show: half)", () => {
    const r = capturePreviewFor(state(lesson({ status: "SCHEDULED", studentJoinedAt: null }), held), defaultPolicy, now);
    expect(r).toMatchObject({ capturable: true, amount: 225, platformFee: 45, tutorShare: 180 });
  });
});
