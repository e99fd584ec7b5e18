import { describe, expect, it } from "vitest";
import { intersection, totalMs, union } from "./spans";

const s = (from: number, to: number) => ({ from, to });

describe("media spans", () => {
  it("union merges touching and overlapping spans and ignores inverted ones", () => {
    expect(union([s(10, 20), s(0, 5), s(5, 8), s(15, 30), s(40, 39)])).toEqual([s(0, 8), s(10, 30)]);
  });

  it("total counts overlapping time once", () => {
    expect(totalMs([s(0, 10), s(5, 15), s(20, 25)])).toBe(20);
    expect(totalMs([])).toBe(0);
  });

  it("intersection is where both cover the same instants", () => {
    expect(intersection([s(0, 10), s(20, 30)], [s(5, 25)])).toEqual([s(5, 10), s(20, 25)]);
    expect(intersection([s(0, 10)], [s(10, 20)])).toEqual([]);
    expect(intersection([s(0, 100)], [s(10, 20), s(30, 40), s(90, 200)])).toEqual([s(10, 20), s(30, 40), s(90, 100)]);
  });
});
