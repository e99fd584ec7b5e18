// Card holds do not last forever: Stripe cancels an uncaptured PaymentIntent at `capture_before` (7 days for a
// customer-initiated hold, less for some networks). When the sandbox clock passes that deadline, the payment must
// become EXPIRED — from the webhook, or from the sweep's own look at Stripe when webhooks are lost — with an alert
// that says whether money was lost, and it must never be shown as captured.
//
// This sandbox gives customer-initiated holds 2 days instead of 7 (as a card network with a shorter window would), so
// a lesson booked 3 days ahead holds a card that lapses before the lesson: the case the deadline watch exists for.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import { isAppError } from "~/server/errors";
import { finalizeTick, sweepTick } from "~/server/jobs/cron-ticks";
import { getLessonView } from "~/server/lessons/lesson-view";
import { DAY, type Harness, HOUR, MIN, startHarness } from "~/test/lifecycle-harness";
import { act, deliver, EventLog, makeAdmin, providerCounts, story } from "~/test/lifecycle-helpers";
import { renderMessage } from "~/shared/message-tokens";

const HOLD_MS = 2 * DAY;

let h: Harness;
let events: EventLog;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T08:00:00Z", stripe: { authorizationWindows: { customerInitiatedMs: HOLD_MS } } });
  events = new EventLog(h.stripe.url);
});
afterAll(() => h.close());

async function goTo(when: Date | number) {
  const ms = new Date(when).getTime() - h.services.now().getTime();
  if (ms < 0) throw new Error("cannot go back in time");
  if (ms > 0) await h.advance(ms);
}

/** What the student and an operator would see about the money: never "captured" for a lapsed hold. */
async function expectNeverCaptured(lessonId: string, student: Awaited<ReturnType<Harness["student"]>>) {
  const s = await story(h, lessonId);
  expect(s.payment).toMatchObject({ status: "EXPIRED", amountCaptured: 0, platformFee: 0, tutorShare: 0 });
  expect(s.ledger).toEqual([]);
  expect(s.actions).not.toContain("payment.captured");
  expect(await providerCounts(h, s.payment.providerPaymentIntentId)).toMatchObject({ captures: 0 });
  const view = await getLessonView(h.services, student, lessonId);
  expect(view.payment).toMatchObject({ status: "EXPIRED", amountCaptured: 0 });
  // An admin cannot "capture" it either: the hold is gone, and the answer says so.
  const admin = await makeAdmin(h);
  const err = await adminPaymentAction(h.services, { type: "ADMIN", id: admin.id }, lessonId, {
    type: "ADMIN_CAPTURE",
    reason: "collect it",
  }).catch((e: unknown) => e);
  expect(isAppError(err) && err.details.rule).toBe("AUTHORIZATION_GONE");
  return s;
}

describe("capture deadline watch and expiry through the webhook", () => {
  it("warns 24 h before the hold lapses, then records EXPIRED from Stripe's event and flags the lost money", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 450 });
    const lessonId = await h.book(student, tutor, 3 * DAY);
    let s = await story(h, lessonId);
    const captureBefore = s.payment.captureBefore!;
    expect(captureBefore.getTime()).toBeLessThan(s.lesson.scheduledStart.getTime());

    await goTo(captureBefore.getTime() - 24 * HOUR - 1 * MIN);
    expect((await sweepTick(h.services, {})).sweep.deadlineAlerts).toBe(0);
    await goTo(captureBefore.getTime() - 24 * HOUR + 1 * MIN);
    expect((await sweepTick(h.services, {})).sweep.deadlineAlerts).toBe(1);
    expect((await sweepTick(h.services, {})).sweep.deadlineAlerts).toBe(0); // one open alert, not one per sweep
    s = await story(h, lessonId);
    // CRITICAL: the lesson is only finalized after the hold lapses, so someone has to act by hand.
    expect(s.alerts.map((a) => [a.type, a.severity])).toEqual([["CAPTURE_DEADLINE_NEAR", "CRITICAL"]]);

    // The deadline passes: Stripe cancels the intent ("automatic") and sends payment_intent.canceled.
    await goTo(captureBefore.getTime() + 1 * MIN);
    await events.refresh();
    const pi = s.payment.providerPaymentIntentId!;
    const canceled = events.about(pi).find((e) => e.type === "payment_intent.canceled");
    expect(canceled).toBeDefined();
    expect(await deliver(h.services, canceled!)).toMatchObject({ status: "applied" });
    s = await story(h, lessonId);
    expect(s.payment.status).toBe("EXPIRED");
    expect(s.alerts.map((a) => a.type)).toContain("AUTHORIZATION_EXPIRED");
    expect(s.lesson.status).toBe("SCHEDULED");

    // The lesson still takes place; settling it cannot capture a hold that is gone, and says the money is owed.
    await goTo(s.lesson.scheduledStart);
    await act(h.services, student, lessonId, "JOIN");
    await act(h.services, tutor, lessonId, "JOIN");
    await goTo(s.lesson.scheduledEnd.getTime() + 15 * MIN);
    await finalizeTick(h.services, {});
    await sweepTick(h.services, {});
    s = await expectNeverCaptured(lessonId, student);
    expect(s.lesson.status).toBe("COMPLETED");
    expect(s.operations.filter((o) => o.kind === "CAPTURE")).toEqual([]);
    const expired = s.alerts.filter((a) => a.type === "AUTHORIZATION_EXPIRED" && a.resolvedAt === null);
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ severity: "CRITICAL" });
    expect(renderMessage(expired[0]!.message)).toMatch(/\$4\.50/);

    // Every event about the intent, replayed twice and newest first, changes nothing.
    await events.refresh();
    for (const e of [...events.about(pi)].reverse()) {
      await deliver(h.services, e);
      await deliver(h.services, e);
    }
    const again = await story(h, lessonId);
    expect(again.payment).toEqual(s.payment);
    expect(again.audit).toHaveLength(s.audit.length);
  });
});

describe("expiry found by the sweep when the webhook never arrives", () => {
  it("the sweep retrieves the intent, records EXPIRED and raises the alert; finalize then requests nothing", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 450 });
    const lessonId = await h.book(student, tutor, 3 * DAY);
    let s = await story(h, lessonId);
    await goTo(s.payment.captureBefore!.getTime() + 1 * MIN);

    const sweep = await sweepTick(h.services, {});
    expect(sweep.sweep.repaired).toBeGreaterThanOrEqual(1);
    s = await story(h, lessonId);
    expect(s.payment.status).toBe("EXPIRED");
    // one alert for one event: the lapse, not also a "mismatch" for the same lapse
    expect(s.alerts.map((a) => a.type)).toEqual(["AUTHORIZATION_EXPIRED"]);
    expect(s.audit.find((a) => a.action === "payment.expired")).toMatchObject({ actorType: "CRON", actorId: "sweep-reconcile" });

    await goTo(s.lesson.scheduledStart);
    await act(h.services, tutor, lessonId, "JOIN"); // the student does not come: 50 % would be owed
    await goTo(s.lesson.scheduledEnd.getTime() + 15 * MIN);
    await finalizeTick(h.services, {});
    s = await expectNeverCaptured(lessonId, student);
    expect(s.lesson).toMatchObject({ status: "NO_SHOW", noShowParty: "STUDENT" });
    expect(s.operations.filter((o) => o.kind === "CAPTURE")).toEqual([]);
    // The alert raised when the hold lapsed is escalated now that we know 50 % ($2.25) is owed and cannot be taken.
    const open = s.alerts.filter((a) => a.type === "AUTHORIZATION_EXPIRED" && a.resolvedAt === null);
    expect(open.map((a) => a.severity)).toEqual(["CRITICAL"]);
    expect(renderMessage(open[0]!.message)).toMatch(/\$2\.25/);
  });
});

describe("expiry racing a late capture", () => {
  it("a capture requested after the hold lapsed fails at Stripe, is reconciled to EXPIRED, and a CRITICAL alert says what is owed", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 450 });
    const lessonId = await h.book(student, tutor, 1 * HOUR);
    await goTo(h.services.now().getTime() + 1 * HOUR);
    await act(h.services, student, lessonId, "JOIN");
    await act(h.services, tutor, lessonId, "JOIN");
    // The cron is down for longer than the hold lasts; nothing captures in time.
    await h.advance(HOLD_MS);

    await finalizeTick(h.services, {});
    const s = await expectNeverCaptured(lessonId, student);
    expect(s.lesson.status).toBe("COMPLETED");
    const capture = s.operations.find((o) => o.kind === "CAPTURE")!;
    expect(capture).toMatchObject({ state: "FAILED" });
    expect(capture.lastError).toMatch(/expired/);
    const alert = s.alerts.find((a) => a.type === "AUTHORIZATION_EXPIRED")!;
    expect(alert).toMatchObject({ severity: "CRITICAL" });
    expect(renderMessage(alert.message)).toMatch(/\$4\.50 was due/);
    // Later sweeps do not try again: an expired hold is not an orphan.
    await sweepTick(h.services, {});
    expect((await story(h, lessonId)).operations.filter((o) => o.kind === "CAPTURE")).toHaveLength(1);
  });
});
