import { describe, expect, it } from "vitest";
import { delayAfterFailure } from "./sign-in-throttle";

describe("delayAfterFailure: free failures, then a doubling wait, at most 15 minutes", () => {
  it.each([
    [5, 0],
    [6, 2],
    [7, 4],
    [8, 8],
    [14, 512],
    [15, 900],
    [1000, 900],
  ])("after failure %i of a pair with 5 free: wait %i s", (failures, seconds) => {
    expect(delayAfterFailure(failures, 5)).toBe(seconds);
  });
  it("starts from the configured first wait", () =>
    expect([delayAfterFailure(4, 3, 600), delayAfterFailure(5, 3, 600)]).toEqual([600, 900]));
});
