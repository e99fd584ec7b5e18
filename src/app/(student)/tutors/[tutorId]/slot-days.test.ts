import { describe, expect, it } from "vitest";
import { groupSlotsByDay } from "./slot-days";

const slots = ["2026-11-26T22:00:00Z", "2026-11-26T23:30:00Z", "2026-11-27T01:00:00Z", "2026-11-27T16:00:00Z"].map((s) => ({
  start: new Date(s),
}));

describe("groupSlotsByDay", () => {
  it("groups by the viewer's calendar day: one instant list, different days per zone", () => {
    expect(groupSlotsByDay(slots, "UTC").map((d) => [d.key, d.slots.length])).toEqual([
      ["2026-11-26", 2],
      ["2026-11-27", 2],
    ]);
    // New York (UTC−5): 17:00, 18:30, 20:00 on the 26th; 11:00 on the 27th
    expect(groupSlotsByDay(slots, "America/New_York").map((d) => [d.key, d.slots.length])).toEqual([
      ["2026-11-26", 3],
      ["2026-11-27", 1],
    ]);
    // Tokyo (UTC+9): 07:00, 08:30, 10:00 on the 27th; 01:00 on the 28th
    expect(groupSlotsByDay(slots, "Asia/Tokyo").map((d) => [d.key, d.slots.length])).toEqual([
      ["2026-11-27", 3],
      ["2026-11-28", 1],
    ]);
  });
});
