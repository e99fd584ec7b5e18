import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { participantAction } from "~/server/lessons/participant-actions";
import { finalizeTick } from "~/server/jobs/cron-ticks";
import { startHarness, type Harness, MIN } from "~/test/lifecycle-harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T22:30:00Z" });
});
afterAll(() => h.close());

describe("the incident this product exists to prevent", () => {
  it("tutor ends a $4.50 lesson after one minute, the student dismisses the page later, the cron captures once: 450 = 90 + 360", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 450 });
    // booked at 22:30 for 23:00–23:25, authorized on-session at booking
    const lessonId = await h.book(student, tutor, 30 * MIN);
    const booked = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId } });
    expect(booked).toMatchObject({ status: "AUTHORIZED", amount: 450 });
    expect(booked.captureBefore).not.toBeNull();
    expect(booked.authorizedAt).toEqual(new Date("2026-11-26T22:30:00Z"));

    await h.advance(30 * MIN); // 23:00
    await participantAction(h.services, tutor, lessonId, "JOIN");
    await participantAction(h.services, student, lessonId, "JOIN");
    await h.advance(1 * MIN); // 23:01
    const ended = await participantAction(h.services, tutor, lessonId, "END_CALL");
    expect(ended.lesson.status).toBe("ENDED_EARLY");
    expect(ended.operationIds).toEqual([]); // settled at finalize, not now

    await h.advance(10 * MIN); // 23:11 — the student, who missed the modal, dismisses the page
    const left = await participantAction(h.services, student, lessonId, "LEAVE");
    expect(left.lesson.status).toBe("ENDED_EARLY"); // "leave" only records a time
    const lateEnd = await participantAction(h.services, student, lessonId, "END_CALL");
    expect(lateEnd.changed).toBe(false); // a late "end" returns the current state, never overwrites

    await h.advance(30 * MIN); // 23:41 > 23:25 + 15 min grace
    const tick = await finalizeTick(h.services, {});
    expect(tick.finalize.finalized).toBe(1);
    expect(tick.operations.succeeded).toBe(1);
    // a second, overlapping cron pass changes nothing
    const again = await finalizeTick(h.services, {});
    expect(again.finalize.finalized).toBe(0);

    const lesson = await h.t.db.lesson.findUniqueOrThrow({ where: { id: lessonId }, include: { payment: true } });
    expect(lesson.status).toBe("COMPLETED");
    expect(lesson.payment).toMatchObject({ status: "CAPTURED", amountCaptured: 450, platformFee: 90, tutorShare: 360 });
    expect(lesson.payment!.capturedAt).toEqual(new Date("2026-11-26T23:41:00Z"));
    const ledger = await h.t.db.ledgerEntry.findMany({ where: { lessonId }, orderBy: { kind: "asc" } });
    expect(ledger.map((e) => [e.kind, e.amount])).toEqual([
      ["EARNING", 360],
      ["PLATFORM_FEE", 90],
    ]);
    const counters = await h.stripe.control.counters();
    expect(counters.captures[lesson.payment!.providerPaymentIntentId!]).toBe(1);
    const actions = (await h.t.db.auditEvent.findMany({ where: { lessonId }, orderBy: { at: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(["lesson.ended_early", "lesson.left", "lesson.completed", "payment.capture_requested", "payment.captured"]),
    );
  });
});
