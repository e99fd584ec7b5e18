import { describe, expect, it } from "vitest";
import { changedColumns, lessonColumns } from "./state-rows";
import { at, lessonState } from "~/test/lifecycle-fixtures";

describe("changedColumns", () => {
  it("keeps only what differs, comparing dates by instant, so an update writes no more than the transition changed", () => {
    const before = lessonColumns(lessonState().lesson);
    const next = { ...before, version: before.version + 1, scheduledStart: new Date(before.scheduledStart.getTime()), callEndedAt: at(0) };
    expect(changedColumns(before, next)).toEqual({ version: before.version + 1, callEndedAt: at(0) });
  });

  it("records a value cleared to null", () => {
    expect(changedColumns({ authorizeAt: at(0) as Date | null, n: 1 }, { authorizeAt: null, n: 1 })).toEqual({ authorizeAt: null });
  });

  it("is empty when nothing changed", () => {
    const l = lessonColumns(lessonState().lesson);
    expect(changedColumns(l, { ...l })).toEqual({});
  });
});
