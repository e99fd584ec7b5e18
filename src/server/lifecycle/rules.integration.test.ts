// docs/domain.md's rule table, cell by cell, end to end: real bookings through bookLesson, the participants' buttons, the
// cron ticks, the PostgreSQL rows they leave and what the Stripe sandbox says happened to the card. The unit tests
// prove the pure rules; these prove the database and the provider end up agreeing with them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/server/auth";
import { isAppError } from "~/server/errors";
import { authorizeScheduledPayments } from "~/server/jobs/authorize-scheduled";
import { finalizeTick, sweepTick } from "~/server/jobs/cron-ticks";
import { bookLesson } from "~/server/lessons/book-lesson";
import { getLessonView } from "~/server/lessons/lesson-view";
import { runDueOperations } from "~/server/payments/operation-worker";
import { CARDS, DAY, type Harness, HOUR, MIN, startHarness } from "~/test/lifecycle-harness";
import { act, providerCounts, replaceSavedCard, settle, statusChain, story } from "~/test/lifecycle-helpers";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T08:00:00Z" });
});
afterAll(() => h.close());

/** Move both clocks to `when` (never backwards: every test books ahead of the shared clock). */
async function goTo(when: Date | number) {
  const ms = new Date(when).getTime() - h.services.now().getTime();
  if (ms < 0) throw new Error(`cannot go back in time by ${-ms} ms`);
  if (ms > 0) await h.advance(ms);
}

async function people(prices: { price25?: number; price50?: number } = {}) {
  return { student: await h.student(), tutor: await h.tutor(prices) };
}

async function bookSoon(student: SessionUser, tutor: SessionUser, opts: { duration?: 25 | 50; startsInMs?: number; card?: string } = {}) {
  const id = await h.book(student, tutor, opts.startsInMs ?? 2 * HOUR, { duration: opts.duration, card: opts.card });
  const s = await story(h, id);
  return { id, start: s.lesson.scheduledStart.getTime(), end: s.lesson.scheduledEnd.getTime() };
}

/** The money invariants an operator checks on every settled payment. */
function expectMoney(s: Awaited<ReturnType<typeof story>>, captured: number) {
  expect(s.payment.amountCaptured).toBe(captured);
  expect(s.payment.platformFee + s.payment.tutorShare).toBe(captured);
  expect(s.live).toEqual([]);
  if (captured > 0) {
    expect(s.payment.status).toBe("CAPTURED");
    const ledger = Object.fromEntries(s.ledger.map((e) => [e.kind, e.amount]));
    expect(ledger).toEqual({ EARNING: s.payment.tutorShare, PLATFORM_FEE: s.payment.platformFee });
  } else {
    expect(s.ledger).toEqual([]);
  }
}

describe("finalize rules (scheduled end + 15 min grace)", () => {
  it("both joined → COMPLETED and the full price captured once: 850 = 170 fee + 680 tutor", async () => {
    const { student, tutor } = await people({ price50: 850 });
    const l = await bookSoon(student, tutor, { duration: 50 });
    await goTo(l.start - 5 * MIN);
    await act(h.services, tutor, l.id, "JOIN");
    expect((await act(h.services, student, l.id, "JOIN")).status).toBe("IN_PROGRESS");

    // One minute before the grace period ends the cron leaves it alone.
    await goTo(l.end + 14 * MIN);
    expect((await finalizeTick(h.services, {})).finalize.finalized).toBe(0);
    await goTo(l.end + 15 * MIN);
    const tick = await finalizeTick(h.services, {});
    expect(tick.finalize.finalized).toBe(1);

    const s = await story(h, l.id);
    expect(s.lesson.status).toBe("COMPLETED");
    expectMoney(s, 850);
    expect(s.payment).toMatchObject({ platformFee: 170, tutorShare: 680 });
    expect(await providerCounts(h, s.payment.providerPaymentIntentId)).toMatchObject({ captures: 1, cancels: 0 });
    expect(statusChain(s.audit, "LESSON")).toEqual(["SCHEDULED", "IN_PROGRESS", "COMPLETED"]);
    expect(statusChain(s.audit, "PAYMENT")).toEqual(["AWAITING_AUTHORIZATION", "AUTHORIZED", "CAPTURED"]);
  });

  it("nobody joined → CANCELLED (nobody joined) and the hold voided, nothing captured", async () => {
    const { student, tutor } = await people();
    const l = await bookSoon(student, tutor);
    await goTo(l.end + 15 * MIN);
    await finalizeTick(h.services, {});

    const s = await story(h, l.id);
    expect(s.lesson).toMatchObject({ status: "CANCELLED", cancelReason: "NOBODY_JOINED" });
    expect(s.payment.status).toBe("VOIDED");
    expectMoney(s, 0);
    expect(await providerCounts(h, s.payment.providerPaymentIntentId)).toMatchObject({ captures: 0, cancels: 1 });
    expect(s.actions).toContain("payment.voided");
  });

  it("only the tutor joined → NO_SHOW (student) and 50 % captured: 225 = 45 + 180", async () => {
    const { student, tutor } = await people({ price25: 450 });
    const l = await bookSoon(student, tutor);
    await goTo(l.start + 2 * MIN);
    await act(h.services, tutor, l.id, "JOIN");
    await goTo(l.start + 20 * MIN);
    await act(h.services, tutor, l.id, "LEAVE");
    await goTo(l.end + 15 * MIN);
    await finalizeTick(h.services, {});

    const s = await story(h, l.id);
    expect(s.lesson).toMatchObject({ status: "NO_SHOW", noShowParty: "STUDENT" });
    expectMoney(s, 225);
    expect(s.payment).toMatchObject({ platformFee: 45, tutorShare: 180 });
    expect(await providerCounts(h, s.payment.providerPaymentIntentId)).toMatchObject({ captures: 1, cancels: 0 });
  });

  it("only the student joined → NO_SHOW (tutor), voided, and an alert for the admins", async () => {
    const { student, tutor } = await people();
    const l = await bookSoon(student, tutor);
    await goTo(l.start);
    await act(h.services, student, l.id, "JOIN");
    await goTo(l.end + 15 * MIN);
    await finalizeTick(h.services, {});

    const s = await story(h, l.id);
    expect(s.lesson).toMatchObject({ status: "NO_SHOW", noShowParty: "TUTOR" });
    expect(s.payment.status).toBe("VOIDED");
    expectMoney(s, 0);
    expect(await providerCounts(h, s.payment.providerPaymentIntentId)).toMatchObject({ captures: 0, cancels: 1 });
    expect(s.alerts.map((a) => [a.type, a.severity])).toEqual([["TUTOR_NO_SHOW", "WARNING"]]);
    expect(s.alerts[0]!.message).toContain(tutor.id);
  });
});

describe("cancellations", () => {
  it.each([
    ["the student, exactly 24 h before the start", "STUDENT", 24 * HOUR],
    ["the tutor, two days before the start", "TUTOR", 48 * HOUR],
  ] as const)("cancelled by %s → free: the hold is voided", async (_label, by, notice) => {
    const { student, tutor } = await people();
    const l = await bookSoon(student, tutor, { startsInMs: 3 * DAY });
    await goTo(l.start - notice);
    const r = await act(h.services, by === "STUDENT" ? student : tutor, l.id, "CANCEL", "plans changed");
    expect(r).toMatchObject({ ok: true, status: "CANCELLED" });

    const s = await story(h, l.id);
    expect(s.lesson.cancelReason).toBe(by === "STUDENT" ? "CANCELLED_BY_STUDENT" : "CANCELLED_BY_TUTOR");
    expect(s.payment.status).toBe("VOIDED");
    expectMoney(s, 0);
    expect(await providerCounts(h, s.payment.providerPaymentIntentId)).toMatchObject({ captures: 0, cancels: 1 });
    expect(s.audit.find((a) => a.action === "lesson.cancelled")).toMatchObject({ reason: "plans changed", actorType: by });
  });

  it("the student cancels less than 24 h before → 50 % captured (225 = 45 + 180), once", async () => {
    const { student, tutor } = await people({ price25: 450 });
    const l = await bookSoon(student, tutor, { startsInMs: 3 * DAY });
    await goTo(l.start - 24 * HOUR + 1 * MIN);
    await act(h.services, student, l.id, "CANCEL");
    // A cron pass afterwards finds nothing left to settle.
    await settle(h);

    const s = await story(h, l.id);
    expect(s.lesson).toMatchObject({ status: "CANCELLED", cancelReason: "CANCELLED_BY_STUDENT" });
    expectMoney(s, 225);
    expect(s.payment).toMatchObject({ platformFee: 45, tutorShare: 180 });
    expect(await providerCounts(h, s.payment.providerPaymentIntentId)).toMatchObject({ captures: 1, cancels: 0 });
  });

  it("the tutor cancels an hour before → the student pays nothing, and it is recorded against the tutor", async () => {
    const { student, tutor } = await people();
    const l = await bookSoon(student, tutor, { startsInMs: 3 * HOUR });
    await goTo(l.start - 1 * HOUR);
    await act(h.services, tutor, l.id, "CANCEL", "sick");

    const s = await story(h, l.id);
    expect(s.lesson.cancelReason).toBe("CANCELLED_BY_TUTOR");
    expect(s.payment.status).toBe("VOIDED");
    expectMoney(s, 0);
    expect(await providerCounts(h, s.payment.providerPaymentIntentId)).toMatchObject({ captures: 0, cancels: 1 });
    const fact = s.audit.find((a) => a.action === "lesson.cancelled")!;
    expect(fact).toMatchObject({ actorType: "TUTOR", actorId: tutor.id });
    expect(fact.metadata).toMatchObject({ cancelledBy: "TUTOR", withinNotice: true, fee: null });
  });
});

describe("authorization horizon: far-ahead bookings are authorized off-session 48 h before the start", () => {
  it("saves the card at booking and places the hold at start − 48 h, then settles normally", async () => {
    const { student, tutor } = await people({ price25: 450 });
    const l = await bookSoon(student, tutor, { startsInMs: 10 * DAY });
    let s = await story(h, l.id);
    expect(s.payment).toMatchObject({
      status: "AWAITING_AUTHORIZATION",
      authorizationMode: "OFF_SESSION",
      authorizeAt: new Date(l.start - 48 * HOUR),
      providerPaymentIntentId: null,
    });
    expect(s.operations).toEqual([]);

    await goTo(l.start - 48 * HOUR - 1 * MIN);
    expect((await finalizeTick(h.services, {})).authorize.requested).toBe(0);
    await goTo(l.start - 48 * HOUR);
    const tick = await finalizeTick(h.services, {});
    expect(tick.authorize.requested).toBe(1);
    expect(tick.operations.succeeded).toBe(1);
    s = await story(h, l.id);
    // Merchant-initiated Visa holds last 4 d 18 h (docs/providers.md §1.1): comfortably past the lesson.
    // (The sandbox clock also runs in real time, so allow the seconds this test took.)
    expect(s.payment).toMatchObject({ status: "AUTHORIZED", authorizeAt: null });
    const holdMs = s.payment.captureBefore!.getTime() - (l.start - 48 * HOUR);
    expect(holdMs).toBeGreaterThanOrEqual(4 * DAY + 18 * HOUR);
    expect(holdMs).toBeLessThan(4 * DAY + 18 * HOUR + 1 * MIN);
    expect(await providerCounts(h, s.payment.providerPaymentIntentId)).toMatchObject({ authorizations: 1 });

    await goTo(l.start);
    await act(h.services, student, l.id, "JOIN");
    await act(h.services, tutor, l.id, "JOIN");
    await goTo(l.end + 15 * MIN);
    await finalizeTick(h.services, {});
    s = await story(h, l.id);
    expect(s.lesson.status).toBe("COMPLETED");
    expectMoney(s, 450);
    expect(await providerCounts(h, s.payment.providerPaymentIntentId)).toMatchObject({ captures: 1 });
  });

  it.each([
    ["a declined card", CARDS.declined, /generic_decline: Your card was declined/],
    ["a card that needs 3-D Secure again", CARDS.authRequired, /authentication_required/],
  ])("%s is retried every 6 h until start − 24 h, and the lesson is cancelled then when it never works", async (_label, card, code) => {
    const { student, tutor } = await people();
    const l = await bookSoon(student, tutor, { startsInMs: 10 * DAY });
    await replaceSavedCard(h, l.id, card);

    // Attempts at −48 h, −42 h, −36 h, −30 h: each fails, the lesson stays booked and the next try is 6 h later,
    // the last one on the give-up point itself.
    for (const hoursBefore of [48, 42, 36, 30]) {
      await goTo(l.start - hoursBefore * HOUR - 1 * MIN);
      expect((await finalizeTick(h.services, {})).authorize.requested).toBe(0); // not before it is due
      await goTo(l.start - hoursBefore * HOUR);
      await finalizeTick(h.services, {});
      const s = await story(h, l.id);
      expect(s.lesson.status).toBe("SCHEDULED");
      expect(s.payment).toMatchObject({ status: "AWAITING_AUTHORIZATION", authorizeAt: new Date(l.start - (hoursBefore - 6) * HOUR) });
      expect(s.payment.lastError).toMatch(code);
      expect(s.alerts).toEqual([]);
    }
    // The fifth attempt, on the give-up point (−24 h; the cron gets there a few seconds late): it fails too, so the
    // lesson is cancelled now, the tutor's slot freed, and the admins told.
    await goTo(l.start - 24 * HOUR + 20_000);
    await finalizeTick(h.services, {});
    const s = await story(h, l.id);
    expect(s.lesson).toMatchObject({ status: "CANCELLED", cancelReason: "PAYMENT_FAILED" });
    expect(s.payment.status).toBe("FAILED");
    expect(s.alerts.map((a) => a.type)).toEqual(["AUTHORIZATION_FAILED"]);
    expect(s.operations.map((o) => [o.kind, o.state, o.idempotencyKey])).toEqual(
      [1, 2, 3, 4, 5].map((n) => ["AUTHORIZE", "FAILED", `authorize:${s.payment.id}:${n}`]),
    );
    // Five attempts reached Stripe, and none of them left a hold on the student's card.
    const intents = await h.services.stripe.findPaymentIntentByMetadata({
      paymentId: s.payment.id,
      customerId: s.payment.providerCustomerId!,
    });
    expect(intents).toHaveLength(5);
    expect(intents.filter((pi) => pi.status === "requires_capture" || pi.status === "succeeded")).toEqual([]);

    // Nothing more happens later.
    await goTo(l.start - 12 * HOUR);
    await finalizeTick(h.services, {});
    await sweepTick(h.services, {});
    expect((await story(h, l.id)).operations).toHaveLength(5);
  });

  it("a free cancellation while the off-session hold is being placed: the hold that lands is released, never captured", async () => {
    const { student, tutor } = await people();
    const l = await bookSoon(student, tutor, { startsInMs: 10 * DAY });
    await goTo(l.start - 48 * HOUR);
    // The cron has asked for the authorization (the operation is written) but the worker has not run it yet…
    expect((await authorizeScheduledPayments(h.services)).requested).toBe(1);
    // …when the student cancels, two days ahead: free. There is no hold yet to release.
    expect(await act(h.services, student, l.id, "CANCEL")).toMatchObject({ ok: true, status: "CANCELLED" });
    let s = await story(h, l.id);
    expect(s.payment).toMatchObject({ status: "AWAITING_AUTHORIZATION", settlementAmount: 0 });
    // The worker places the hold; recording it settles the cancelled lesson at once: the hold is voided.
    await runDueOperations(h.services, {});
    s = await story(h, l.id);
    expect(s.payment.status).toBe("VOIDED");
    expectMoney(s, 0);
    expect(await providerCounts(h, s.payment.providerPaymentIntentId)).toMatchObject({ authorizations: 1, captures: 0, cancels: 1 });
    expect(statusChain(s.audit, "PAYMENT")).toEqual(["AWAITING_AUTHORIZATION", "AUTHORIZED", "VOIDED"]);
  });

  it("gives up exactly at start − 24 h when no attempt could run before (e.g. the cron was down)", async () => {
    const { student, tutor } = await people();
    const l = await bookSoon(student, tutor, { startsInMs: 10 * DAY });
    await goTo(l.start - 24 * HOUR);
    await finalizeTick(h.services, {});
    const s = await story(h, l.id);
    expect(s.lesson).toMatchObject({ status: "CANCELLED", cancelReason: "PAYMENT_FAILED" });
    expect(s.payment.status).toBe("FAILED");
    expect(s.operations).toEqual([]); // no hold is placed for a lesson that is cancelled anyway
  });

  it("refuses a far-ahead booking with a card that needs 3-D Secure to be saved, and leaves no rows behind", async () => {
    const { student, tutor } = await people();
    const err = await h.book(student, tutor, 10 * DAY, { card: CARDS.authRequired }).catch((e: unknown) => e);
    expect(isAppError(err) && err.details.field).toBe("paymentMethodId");
    expect(await h.t.db.lesson.count({ where: { studentId: student.id } })).toBe(0);
  });
});

describe("on-session decline at booking", () => {
  it("cancels the lesson at once and tells the student why; the slot is free again", async () => {
    const { student, tutor } = await people();
    const start = new Date(h.services.now().getTime() + 3 * HOUR);
    const view = await bookLesson(h.services, student, {
      tutorId: tutor.id,
      scheduledStart: start,
      durationMinutes: 25,
      paymentMethodId: await h.paymentMethod(CARDS.declined),
    });
    expect(view).toMatchObject({ status: "CANCELLED", cancelReason: "PAYMENT_FAILED", payment: { status: "FAILED" } });
    expect(view.payment?.lastError).toMatch(/declined/i);
    const s = await story(h, view.id);
    // The student is on the booking page and sees the error; no admin alert for an ordinary decline.
    expect(s.alerts).toEqual([]);
    expect(s.payment.amountCaptured).toBe(0);

    const other = await h.student();
    const again = await bookLesson(h.services, other, {
      tutorId: tutor.id,
      scheduledStart: start,
      durationMinutes: 25,
      paymentMethodId: await h.paymentMethod(),
    });
    expect(again).toMatchObject({ status: "SCHEDULED", payment: { status: "AUTHORIZED" } });
    expect((await getLessonView(h.services, student, view.id)).status).toBe("CANCELLED");
  });
});

describe("orphan sweep, with no time window", () => {
  // A hold that is still capturable 30 days later needs Stripe's extended authorization (up to 30 days), so this
  // case runs against a sandbox configured with it.
  let x: Harness;
  beforeAll(async () => {
    x = await startHarness({ now: "2026-11-26T08:00:00Z", stripe: { authorizationWindows: { customerInitiatedMs: 31 * DAY } } });
  });
  afterAll(() => x.close());

  it("captures, once, a 30-day-old COMPLETED lesson whose payment is still AUTHORIZED with nothing in progress, and raises an alert", async () => {
    const { lessonId } = await x.startedLesson();
    // The replaced system's bug, as migrated data: its blind "/end" marked the lesson completed and captured nothing.
    await x.t.db.lesson.update({ where: { id: lessonId }, data: { status: "COMPLETED", finalizedAt: x.services.now() } });
    await x.advance(30 * DAY);

    // The finalize cron only looks at lessons that are not over yet: it does not see this one.
    expect((await finalizeTick(x.services, {})).finalize.finalized).toBe(0);
    const sweep = await sweepTick(x.services, {});
    expect(sweep.sweep.orphansSwept).toBe(1);
    expect(sweep.operations.succeeded).toBe(1);
    // A second sweep finds nothing.
    expect((await sweepTick(x.services, {})).sweep.orphansSwept).toBe(0);

    const s = await story(x, lessonId);
    expect(s.payment).toMatchObject({ status: "CAPTURED", amountCaptured: 450, platformFee: 90, tutorShare: 360 });
    expect(await providerCounts(x, s.payment.providerPaymentIntentId)).toMatchObject({ captures: 1, cancels: 0 });
    expect(s.alerts.map((a) => a.type)).toEqual(["ORPHANED_AUTHORIZATION"]);
    expect(s.audit.find((a) => a.action === "payment.capture_requested")).toMatchObject({ actorType: "CRON", actorId: "sweep" });
  });

  it("compares every hold with Stripe in turn, not only the ones closest to lapsing", async () => {
    // Three booked lessons; the hold that lapses last is captured behind our back (from the Stripe dashboard). Each
    // sweep checks a bounded batch (2 here, 100 in production); the next sweeps must move on to the holds not
    // checked yet instead of re-checking the same soonest-to-lapse ones forever.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await x.book(await x.student(), await x.tutor({ price25: 450 }), 2 * DAY));
      await x.advance(1 * HOUR); // booked an hour apart, so their holds lapse an hour apart
    }
    const last = await story(x, ids[2]!);
    await x.services.stripe.capture({
      paymentIntentId: last.payment.providerPaymentIntentId!,
      amountToCapture: 450,
      idempotencyKey: "dashboard-capture-1",
    });

    const held = await x.t.db.payment.count({ where: { status: "AUTHORIZED" } });
    for (let sweep = 0; sweep < Math.ceil(held / 2) + 1; sweep++) {
      await sweepTick(x.services, { batchSize: 2 });
      if ((await story(x, ids[2]!)).payment.status !== "AUTHORIZED") break;
    }
    const s = await story(x, ids[2]!);
    expect(s.payment).toMatchObject({ status: "CAPTURED", amountCaptured: 450 });
    // Money moved that we did not ask for: that is a real mismatch, and someone should look.
    expect(s.alerts.map((a) => a.type)).toEqual(["PROVIDER_MISMATCH"]);
    expect(s.audit.find((a) => a.action === "payment.captured")).toMatchObject({ actorType: "CRON", actorId: "sweep-reconcile" });
  });
});
