import { describe, expect, it } from "vitest";
import { canReportProblem } from "./problem-report-window";

const H = 3_600_000;
const lesson = { status: "COMPLETED", scheduledStart: new Date("2026-11-26T23:00:00Z"), scheduledEnd: new Date("2026-11-26T23:25:00Z") };
const at = (ms: number) => new Date(lesson.scheduledEnd.getTime() + ms);

describe("canReportProblem", () => {
  it("is open from the start until 72 hours after the scheduled end, inclusive", () => {
    expect(canReportProblem(lesson, new Date("2026-11-26T22:59:00Z"), 72 * H)).toBe(false);
    expect(canReportProblem(lesson, lesson.scheduledStart, 72 * H)).toBe(true);
    expect(canReportProblem(lesson, at(72 * H), 72 * H)).toBe(true);
    expect(canReportProblem(lesson, at(72 * H + 1), 72 * H)).toBe(false);
  });

  it("is closed for cancelled lessons", () => {
    expect(canReportProblem({ ...lesson, status: "CANCELLED" }, at(H), 72 * H)).toBe(false);
  });
});

describe("canReportProblem once reported", () => {
  it("is false after the student has reported, so the button does not come back after a reload", () => {
    const lesson = {
      status: "COMPLETED",
      scheduledStart: new Date("2026-11-26T23:00:00Z"),
      scheduledEnd: new Date("2026-11-26T23:25:00Z"),
    };
    const inside = new Date("2026-11-27T10:00:00Z");
    expect(canReportProblem(lesson, inside, 72 * 3_600_000)).toBe(true);
    expect(canReportProblem({ ...lesson, problemReport: { status: "OPEN" } }, inside, 72 * 3_600_000)).toBe(false);
  });
});
