// loadLockedState reads the lesson and payment with raw locking queries (to keep every command at two round trips).
// Raw rows are not the ORM's rows by construction, so this checks, on lessons in several states, that the state it
// builds is exactly what the ORM reads would give: same values, real Dates, nulls as nulls, operations counted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { participantAction } from "~/server/lessons/participant-actions";
import { finalizeTick } from "~/server/jobs/cron-ticks";
import { applyCommand } from "~/server/lifecycle/apply-command";
import { disputeSnapshot, lessonSnapshot, loadLockedState, paymentSnapshot } from "~/server/lifecycle/state-rows";
import { isOneOf, LIVE_OPERATION_STATES } from "~/shared/statuses";
import { DAY, type Harness, MIN, startHarness } from "~/test/lifecycle-harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T10:00:00Z" });
});
afterAll(() => h.close());

async function viaOrm(lessonId: string) {
  const lesson = await h.t.db.lesson.findUniqueOrThrow({
    where: { id: lessonId },
    include: { payment: { include: { operations: true, disputes: { orderBy: [{ openedAt: "desc" }, { id: "asc" }], take: 1 } } } },
  });
  const ops = lesson.payment!.operations;
  const live = ops.filter((o) => isOneOf(LIVE_OPERATION_STATES, o.state));
  return {
    lesson: lessonSnapshot(lesson),
    payment: paymentSnapshot(lesson.payment!),
    liveOperations: live.map((o) => ({ kind: o.kind, amount: o.amount })),
    refundOperationCount: ops.filter((o) => o.kind === "REFUND").length,
    pendingRefundAmount: live.filter((o) => o.kind === "REFUND").reduce((s, o) => s + (o.amount ?? 0), 0),
    captureOperationCount: ops.filter((o) => o.kind === "CAPTURE").length,
    voidOperationCount: ops.filter((o) => o.kind === "VOID").length,
    disputeEvidenceOperationCount: ops.filter((o) => o.kind === "DISPUTE_EVIDENCE").length,
    dispute: lesson.payment!.disputes[0] ? disputeSnapshot(lesson.payment!.disputes[0]) : null,
  };
}

describe("loadLockedState", () => {
  it("builds the same state as the ORM for a booked, a scheduled-far-ahead, an in-progress and a captured lesson", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 450 });
    const booked = await h.book(student, tutor, 60 * MIN);
    const farAhead = await h.book(student, tutor, 10 * DAY);
    const captured = await h.book(student, tutor, 30 * MIN);
    await h.advance(30 * MIN);
    await participantAction(h.services, tutor, captured, "JOIN");
    await participantAction(h.services, student, captured, "JOIN");
    await h.advance(40 * MIN);
    await finalizeTick(h.services, {}); // finalizes and captures `captured`; `booked` is now in progress territory
    const inProgress = booked;
    await participantAction(h.services, tutor, inProgress, "JOIN");

    // a dispute on the captured lesson: its row comes back through row_to_json, instants and nulls intact
    const openedAt = new Date("2026-11-26T11:11:11.123Z");
    await applyCommand(
      h.services,
      captured,
      {
        type: "DISPUTE_REPORTED",
        dispute: {
          providerDisputeId: "dp_state_rows",
          providerChargeId: "ch_state_rows",
          amount: 450,
          currency: "USD",
          reason: "fraudulent",
          status: "NEEDS_RESPONSE",
          evidenceDueBy: new Date("2026-12-03T11:11:11.000Z"),
          fundsWithdrawn: 450,
          fundsReinstated: 0,
          feeAmount: 1500,
          openedAt,
        },
      },
      { type: "WEBHOOK", id: "evt_state_rows" },
    );

    for (const id of [booked, farAhead, captured, inProgress]) {
      const locked = await h.t.db.$transaction((tx) => loadLockedState(tx, id));
      expect(locked).toEqual(await viaOrm(id));
      expect(locked!.lesson.scheduledStart).toBeInstanceOf(Date);
    }
    const cap = await h.t.db.$transaction((tx) => loadLockedState(tx, captured));
    expect(cap!.payment).toMatchObject({ status: "CAPTURED", amountCaptured: 450, platformFee: 90, tutorShare: 360 });
    expect(cap!.captureOperationCount).toBe(1);
    expect(cap!.dispute).toMatchObject({
      providerDisputeId: "dp_state_rows",
      status: "NEEDS_RESPONSE",
      openedAt,
      evidenceSubmittedAt: null,
    });
    expect(cap!.dispute!.evidenceDueBy).toBeInstanceOf(Date);
    const far = await h.t.db.$transaction((tx) => loadLockedState(tx, farAhead));
    expect(far!.payment.authorizeAt).toBeInstanceOf(Date);
    expect(far!.payment.captureBefore).toBeNull();
  });

  it("answers null for a lesson that does not exist", async () => {
    expect(await h.t.db.$transaction((tx) => loadLockedState(tx, "no-such-lesson"))).toBeNull();
  });
});
