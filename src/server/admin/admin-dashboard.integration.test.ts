// The admin dashboard's services against a real database and the Stripe/PayPal sandboxes:
// the queue finds what is stuck, the actions fix it once, and every view reads the truth.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweep } from "~/server/jobs/sweep";
import { adminRetryPayout } from "~/server/payouts/admin-payouts";
import { createPayoutForTutor } from "~/server/payouts/create-payout";
import { reportProblem, resolveProblem } from "~/server/payouts/problem-reports";
import { setPayoutDestination } from "~/test/payout-destination";
import { HOUR } from "~/test/lifecycle-harness";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";
import { resolveAlert } from "./alerts";
import { adminAuditLog } from "./audit-log";
import { lessonCsv } from "./export";
import { runInvariants } from "./invariants";
import { adminLessonMoney } from "./lesson-money";
import { adminListLessons, adminListPayoutsFiltered } from "./lists";
import { adminOverview } from "./overview";
import { adminPaymentAction } from "./payment-actions";
import { needsAttention } from "./queue";

let h: PayoutHarness;
let ada: { type: "ADMIN"; id: string };
let bo: { type: "ADMIN"; id: string };

beforeAll(async () => {
  h = await startPayoutHarness({ now: "2026-11-20T10:00:00Z", poolSize: 20 });
  const mk = async (name: string, email: string) => {
    const id = randomUUID();
    await h.t.db.user.create({ data: { id, name, email, role: "ADMIN", timeZone: "UTC" } });
    return { type: "ADMIN" as const, id };
  };
  ada = await mk("Ada Admin", "ada@admin.test");
  bo = await mk("Bo Admin", "bo@admin.test");
});
afterAll(() => h?.close());

const queue = () => needsAttention(h.services);

/** The incident's shape: the lesson is marked COMPLETED (as the old `/end` did), the hold stays, nothing is queued. */
async function shapeAsIncident(lessonId: string) {
  const now = h.services.now();
  const end = new Date(now.getTime() - 3 * HOUR);
  const start = new Date(end.getTime() - 25 * 60_000);
  await h.t.db.$executeRaw`
    UPDATE "Lesson" SET status = 'COMPLETED', "scheduledStart" = ${start}, "scheduledEnd" = ${end}, "studentJoinedAt" = ${start}, "tutorJoinedAt" = ${start},
      "callStartedAt" = ${start}, "callEndedAt" = ${new Date(start.getTime() + 60_000)}, "endedBy" = 'TUTOR', "finalizedAt" = ${end}
    WHERE id = ${lessonId}`;
}

describe("admin dashboard", () => {
  it("an orphan like the incident is in the queue; two admins capture it at once → one capture of 450 = 90 + 360", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 450 });
    const lessonId = await h.book(student, tutor, 2 * HOUR);
    await shapeAsIncident(lessonId);
    const payment = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId } });
    expect(payment.status).toBe("AUTHORIZED");

    const orphan = (await queue()).find((i) => i.key === `ORPHANED_AUTHORIZATION:${lessonId}`);
    expect(orphan).toMatchObject({
      category: "ORPHANED_AUTHORIZATION",
      deadline: payment.captureBefore,
      lesson: { id: lessonId, status: "COMPLETED", payment: { status: "AUTHORIZED", amount: 450 } },
    });
    const before = await adminOverview(h.services, "UTC");
    expect(before.attention.ORPHANED_AUTHORIZATION).toBeGreaterThanOrEqual(1);
    expect(before.authorizationsOutstanding).toContainEqual({ currency: "USD", count: 1, amount: 450 });

    const money = await adminLessonMoney(h.services, lessonId);
    expect(money.capture).toMatchObject({ capturable: true, amount: 450, platformFee: 90, tutorShare: 360, feeBps: 2000 });

    const [a, b] = await Promise.all([
      adminPaymentAction(h.services, ada, lessonId, { type: "ADMIN_CAPTURE", reason: "orphaned by the /end bug" }),
      adminPaymentAction(h.services, bo, lessonId, { type: "ADMIN_CAPTURE", reason: "capturing the orphan" }),
    ]);
    const outcomes = [a.outcome, b.outcome].sort();
    expect(outcomes).toEqual(["already_done", "done"]);
    const second = a.outcome === "already_done" ? a : b;
    expect(second.message).toMatch(/^Already (captured|requested) by (Ada|Bo) Admin \((ada|bo)@admin\.test\) at /);

    expect((await h.stripe.control.counters()).captures[payment.providerPaymentIntentId!]).toBe(1);
    expect(await h.t.db.payment.findUniqueOrThrow({ where: { lessonId } })).toMatchObject({
      status: "CAPTURED",
      amountCaptured: 450,
      platformFee: 90,
      tutorShare: 360,
    });
    expect((await queue()).some((i) => i.lesson?.id === lessonId && i.category !== "OPEN_ALERT")).toBe(false);

    const after = await adminOverview(h.services, "UTC");
    expect(after.windows.today).toContainEqual(
      expect.objectContaining({ currency: "USD", captured: 450, fees: 90, tutorEarnings: 360, count: 1 }),
    );
    expect(after.daily).toHaveLength(30);
    expect(after.daily.at(-1)).toMatchObject({ currency: "USD", captured: 450, fees: 90 });

    const log = await adminAuditLog(h.services, { actor: "ada@admin.test", action: "payment." });
    const bySomeone = await adminAuditLog(h.services, { actorType: "ADMIN", subjectId: lessonId, action: "payment.capture_requested" });
    expect(bySomeone.items).toHaveLength(1);
    expect(bySomeone.items[0]).toMatchObject({ actorName: expect.stringMatching(/Admin$/), reason: expect.any(String) });
    if (a.outcome === "done") expect(log.items.map((e) => e.action)).toContain("payment.capture_requested");
  });

  it("a hold two hours from captureBefore is first in the queue, with its deadline alert; resolving the alert twice resolves it once", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price50: 850 });
    const lessonId = await h.book(student, tutor, 20 * HOUR, { duration: 50 });
    const captureBefore = new Date(h.services.now().getTime() + 2 * HOUR);
    await h.t.db.payment.update({ where: { lessonId }, data: { captureBefore } });
    await sweep(h.services);

    const items = await queue();
    expect(items[0]).toMatchObject({ key: `DEADLINE_NEAR:${lessonId}`, severity: "CRITICAL", deadline: captureBefore });
    expect(items[0]!.alerts.map((a) => a.type)).toEqual(["CAPTURE_DEADLINE_NEAR"]);
    const alertId = items[0]!.alerts[0]!.id;

    const [x, y] = await Promise.all([
      resolveAlert(h.services, ada, alertId, "re-authorizing by hand"),
      resolveAlert(h.services, bo, alertId, "looked at it"),
    ]);
    expect([x.outcome, y.outcome].sort()).toEqual(["already_done", "done"]);
    const late = x.outcome === "already_done" ? x : y;
    expect(late.message).toMatch(/^Already resolved by (Ada|Bo) Admin \(.+\) at .+: “(re-authorizing by hand|looked at it)”\.$/);
    expect(await h.t.db.auditEvent.count({ where: { action: "alert.resolved", subjectId: alertId } })).toBe(1);
    const alert = await h.t.db.alert.findUniqueOrThrow({ where: { id: alertId } });
    expect(alert.resolvedAt).not.toBeNull();
    expect([ada.id, bo.id]).toContain(alert.resolvedBy);

    const again = await queue();
    expect(again[0]).toMatchObject({ key: `DEADLINE_NEAR:${lessonId}`, alerts: [] });
    // not over yet: no capture by hand before the scheduled end
    expect((await adminLessonMoney(h.services, lessonId)).capture).toMatchObject({ capturable: false });
    // void it so the later tests' clock moves do not leave it behind as an expired hold
    const voided = await adminPaymentAction(h.services, ada, lessonId, { type: "ADMIN_VOID", reason: "test cleanup" });
    expect(voided.outcome).toBe("done");
  });

  it("a partial refund reverses both sides; search by PaymentIntent, email and payout id; the CSV has the searched rows", async () => {
    const student = await h.student(`refund-${randomUUID().slice(0, 6)}@test.dev`);
    const tutor = await h.tutor({ price25: 5000 }); // PayPal pays out from $10
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "tutor@paid.test" });
    const lessonId = await h.capturedLesson(student, tutor);
    const r = await adminPaymentAction(h.services, ada, lessonId, { type: "ADMIN_REFUND", amount: 1500, reason: "ended 10 minutes early" });
    expect(r).toMatchObject({ outcome: "done", paymentStatus: "PARTIALLY_REFUNDED", amountRefunded: 1500 });

    let money = await adminLessonMoney(h.services, lessonId);
    expect(money.ledger.map((e) => [e.kind, e.amount])).toEqual([
      ["EARNING", 4000],
      ["PLATFORM_FEE", 1000],
      ["EARNING_REVERSAL", -1200],
      ["FEE_REVERSAL", -300],
    ]);
    expect(money).toMatchObject({ tutorNet: 2800, platformNet: 700, refundable: 3500, payouts: [] });

    await h.payOutAfterHold();
    money = await adminLessonMoney(h.services, lessonId);
    expect(money.payouts).toHaveLength(1);
    const payoutId = money.payouts[0]!.id;
    expect(money.payouts[0]).toMatchObject({ status: "PAID", amount: 2800 });

    const payment = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId } });
    const ids = async (q: string) => (await adminListLessons(h.services, { q, timeZone: "UTC" })).items.map((l) => l.id);
    expect(await ids(payment.providerPaymentIntentId!)).toEqual([lessonId]);
    expect(await ids(student.email.toUpperCase())).toEqual([lessonId]);
    expect(await ids(payoutId)).toEqual([lessonId]);
    expect(await ids(lessonId)).toEqual([lessonId]);
    // the words search: an id prefix, a name, part of an email; a word nobody has finds nothing
    expect(await ids(lessonId.slice(0, 8).toUpperCase())).toEqual([lessonId]);
    expect(await ids(student.name)).toEqual([lessonId]);
    expect(await ids(student.email.split("@")[0]!)).toEqual([lessonId]);
    expect(await ids("nobody-has-this-name")).toEqual([]);
    expect((await adminListPayoutsFiltered(h.services, { q: payoutId, timeZone: "UTC" })).items.map((p) => p.id)).toEqual([payoutId]);

    const lesson = await h.t.db.lesson.findUniqueOrThrow({ where: { id: lessonId } });
    const day = lesson.scheduledStart.toISOString().slice(0, 10);
    const lines: string[] = [];
    for await (const line of lessonCsv(h.t.db, { q: student.email, from: day, to: day, timeZone: "UTC" })) lines.push(line);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^"lesson_id","scheduled_start_utc",/);
    expect(lines[1]).toContain(`"${lessonId}","${lesson.scheduledStart.toISOString()}"`);
    expect(lines[1]).toContain(',"5000","USD",');
    expect(lines[1]).toContain(',"PARTIALLY_REFUNDED",');
    expect(lines[1]).toContain(`,"${payment.providerPaymentIntentId}","5000","5000","1000","4000","1500",`);
    const none: string[] = [];
    for await (const line of lessonCsv(h.t.db, { q: student.email, from: "2020-01-01", to: "2020-01-31", timeZone: "UTC" }))
      none.push(line);
    expect(none).toHaveLength(1);
  });

  it("a failed payout waits in the queue with its alert until it is retried", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 2000 });
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "broken@fail.test" });
    await h.capturedLesson(student, tutor);
    await h.payOutAfterHold();
    const failed = await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } });
    expect(failed.status).toBe("FAILED");

    const item = (await queue()).find((i) => i.key === `PAYOUT_PROBLEM:${failed.id}`);
    expect(item).toMatchObject({
      category: "PAYOUT_PROBLEM",
      deadline: null,
      payout: { status: "FAILED", amount: 1600, destination: "broken@fail.test" },
    });
    expect(item!.alerts.map((a) => a.type)).toEqual(["PAYOUT_FAILED"]);

    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "fixed@paid.test" });
    await h.advance(h.services.policy.payoutDestinationCoolOffMs); // a replaced destination waits out the cool-off
    const retried = await adminRetryPayout(h.services, ada, failed.id, "tutor fixed their PayPal address");
    expect(retried.payoutId).not.toBe(failed.id);
    // the new payout is the admin's act, with the admin's reason — not the tutor's
    const opened = await h.t.db.auditEvent.findFirstOrThrow({ where: { action: "payout.created", subjectId: retried.payoutId } });
    expect(opened).toMatchObject({ actorType: "ADMIN", actorId: ada.id, reason: "tutor fixed their PayPal address" });
    expect(opened.metadata).toMatchObject({ retryOf: failed.id });
    expect((await queue()).some((i) => i.key === `PAYOUT_PROBLEM:${failed.id}`)).toBe(false);
  });

  it("retrying an unsettled payout records the admin and their reason", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 2000 });
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "queued@paid.test" });
    await h.capturedLesson(student, tutor);
    await h.advance(73 * HOUR);
    const queued = await createPayoutForTutor(h.services, tutor.id, tutor.id);
    if (!queued.created) throw new Error(queued.message);
    await adminRetryPayout(h.services, ada, queued.payoutId, "provider was down at 09:00");
    const audit = await h.t.db.auditEvent.findMany({ where: { subjectId: queued.payoutId }, orderBy: { at: "asc" } });
    expect(audit.find((e) => e.action === "payout.retry_requested")).toMatchObject({
      actorType: "ADMIN",
      actorId: ada.id,
      reason: "provider was down at 09:00",
      metadata: { status: "QUEUED" },
    });
    expect(audit.find((e) => e.action === "payout.created")).toMatchObject({ actorType: "TUTOR", actorId: tutor.id });
  });

  it("a problem report waits for a decision, holding the earning; a partial refund decides it", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 1000 });
    const lessonId = await h.capturedLesson(student, tutor);
    await reportProblem(h.services, student, lessonId, "The tutor left after ten minutes");
    const report = (await queue()).find((i) => i.key === `PROBLEM_REPORT:${lessonId}`);
    expect(report).toMatchObject({
      category: "PROBLEM_REPORT",
      deadline: null,
      report: { reason: "The tutor left after ten minutes" },
      lesson: { id: lessonId, payment: { status: "CAPTURED", amountCaptured: 1000 } },
    });

    const r = await resolveProblem(h.services, ada, lessonId, { decision: "PARTIAL_REFUND", amount: 500 }, "half the lesson happened");
    expect(r.report.status).toBe("PARTIALLY_REFUNDED");
    expect((await queue()).some((i) => i.key === `PROBLEM_REPORT:${lessonId}`)).toBe(false);
    const money = await adminLessonMoney(h.services, lessonId);
    expect(money).toMatchObject({ tutorNet: 400, platformNet: 100, refundable: 500, problemReport: { status: "PARTIALLY_REFUNDED" } });
    const log = await adminAuditLog(h.services, { actor: "ada@admin.test", subjectId: lessonId, action: "problem." });
    expect(log.items.map((e) => [e.action, e.reason])).toEqual([["problem.resolved", "half the lesson happened"]]);
  });

  it("invariants hold with the sandboxes' counters; a payment that disagrees with its ledger is reported with a link to its lesson", async () => {
    const counts = async () => {
      const stripe = await h.stripe.control.counters();
      const paypal = await h.paypal.control.counters();
      return {
        counts: {
          captures: stripe.captures,
          transfersByGroup: stripe.transfersByGroup,
          batchesBySenderBatchId: paypal.batchesBySenderBatchId,
        },
        sources: [],
      };
    };
    expect((await runInvariants(h.t.db, h.services.now(), counts)).violations).toEqual([]);

    const captured = await h.t.db.payment.findFirstOrThrow({ where: { status: "CAPTURED" } });
    // the split itself is a CHECK constraint; moving a cent between fee and share breaks the ledger match instead
    await h.t.db.payment.update({
      where: { id: captured.id },
      data: { platformFee: captured.platformFee + 1, tutorShare: captured.tutorShare - 1 },
    });
    try {
      const r = await runInvariants(h.t.db, h.services.now(), counts);
      expect(r.violations).toContainEqual(
        expect.objectContaining({
          rule: "LEDGER_MATCHES_PAYMENT",
          subjectType: "PAYMENT",
          subjectId: captured.id,
          href: `/admin/lessons/${captured.lessonId}`,
        }),
      );
    } finally {
      await h.t.db.payment.update({
        where: { id: captured.id },
        data: { platformFee: captured.platformFee, tutorShare: captured.tutorShare },
      });
    }
  });
});
