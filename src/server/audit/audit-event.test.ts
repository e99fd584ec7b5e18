import { describe, expect, it } from "vitest";
import { auditEventData } from "./audit-event";

const at = new Date("2026-11-26T12:00:00Z");
const actor = { type: "CRON" as const, id: "payouts" };

describe("auditEventData", () => {
  it("builds the row from the action, its subject and its typed metadata", () => {
    expect(
      auditEventData({
        id: "a1",
        action: "payout.created",
        at,
        actor,
        subject: { type: "PAYOUT", id: "p1" },
        from: null,
        to: "QUEUED",
        metadata: { amount: 1600, currency: "USD", entries: 2 },
      }),
    ).toEqual({
      id: "a1",
      at,
      actorType: "CRON",
      actorId: "payouts",
      action: "payout.created",
      subjectType: "PAYOUT",
      subjectId: "p1",
      lessonId: null,
      fromState: null,
      toState: "QUEUED",
      reason: null,
      metadata: { amount: 1600, currency: "USD", entries: 2 },
    });
  });

  it("leaves metadata out for actions that have none, and gives each row a fresh id", () => {
    const reported = () =>
      auditEventData({ action: "problem.reported", at, actor, subject: { type: "LESSON", id: "l1" }, lessonId: "l1", reason: "no audio" });
    const [a, b] = [reported(), reported()];
    expect(a).toMatchObject({ action: "problem.reported", lessonId: "l1", reason: "no audio", metadata: undefined });
    expect(a.id).not.toBe(b.id);
  });

  it("refuses, at compile time, an undeclared action or metadata of the wrong shape", () => {
    const subject = { type: "PAYOUT" as const, id: "p1" };
    // @ts-expect-error an action nobody declared
    auditEventData({ action: "payout.teleported", at, actor, subject });
    // @ts-expect-error payout.created needs its metadata
    auditEventData({ action: "payout.created", at, actor, subject });
    // @ts-expect-error amount is a number of minor units, not a string
    auditEventData({ action: "payout.created", at, actor, subject, metadata: { amount: "16.00", currency: "USD", entries: 1 } });
    // @ts-expect-error a payout move says its method and provider status
    auditEventData({ action: "payout.paid", at, actor, subject, metadata: { amount: 1600, currency: "USD" } });
    expect(true).toBe(true);
  });
});
