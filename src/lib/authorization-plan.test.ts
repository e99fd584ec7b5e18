import { describe, expect, it } from "vitest";
import { authorizationPlan } from "./authorization-plan";

const H = 3_600_000;
const rules = { authorizationHorizonMs: 144 * H, finalizeGraceMs: 0.25 * H, scheduledAuthorizationLeadMs: 48 * H };
const now = new Date("2026-11-26T12:00:00Z");
const slotIn = (hours: number) => ({ start: new Date(now.getTime() + hours * H), end: new Date(now.getTime() + hours * H + 25 * 60_000) });

describe("authorizationPlan", () => {
  it("holds the card at booking when the lesson is settled within six days", () => {
    expect(authorizationPlan(slotIn(2), now, rules)).toEqual({ when: "now" });
    expect(authorizationPlan(slotIn(143), now, rules)).toEqual({ when: "now" });
  });

  it("authorizes far-ahead lessons 48 hours before the start", () => {
    expect(authorizationPlan(slotIn(240), now, rules)).toEqual({ when: "later", at: new Date(now.getTime() + 192 * H) });
  });
});
