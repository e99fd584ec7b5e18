// What the pages show is what the server then does. Each rule the browser needs is decided once on the server and sent
// with the data (lesson view, slots, capture preview); these tests fail as soon as a page's answer and the real
// command's answer differ, over a matrix of lesson and payment states and times.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/server/auth";
import { adminLessonMoney } from "~/server/admin/lesson-money";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import { tutorFreeSlots } from "~/server/availability/availability-service";
import { isAppError } from "~/server/errors";
import { finalizeTick } from "~/server/jobs/cron-ticks";
import { bookLesson } from "~/server/lessons/book-lesson";
import { getLessonView } from "~/server/lessons/lesson-view";
import { reportProblem } from "~/server/payouts/problem-reports";
import { act, settle } from "~/test/lifecycle-helpers";
import { CARDS, DAY, type Harness, HOUR, MIN, startHarness } from "~/test/lifecycle-harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T10:00:00Z" });
});
afterAll(() => h?.close());

const admin = { type: "ADMIN" as const, id: "agreement-admin" };

async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string } | null> {
  try {
    await p;
    return null;
  } catch (err) {
    if (isAppError(err)) return { code: err.code, message: err.message };
    throw err;
  }
}

describe("problem reports: the lesson view's canReportProblem is exactly whether reportProblem succeeds", () => {
  it("agrees for every shape of lesson at every moment around the window", async () => {
    const student = await h.student();
    const start = new Date(h.services.now().getTime() + 30 * HOUR);
    const shapes = [
      "nobody joins",
      "both join",
      "free cancellation",
      "late cancellation",
      "student no-show",
      "tutor no-show",
      "declined card",
      "refunded in full",
    ] as const;
    const lessons = new Map<(typeof shapes)[number], { id: string; tutor: SessionUser }>();
    for (const shape of shapes) {
      const tutor = await h.tutor({ price25: 450 });
      const startsIn = start.getTime() - h.services.now().getTime();
      const id = await h.book(student, tutor, startsIn, { card: shape === "declined card" ? CARDS.declined : CARDS.ok });
      lessons.set(shape, { id, tutor });
    }
    const probes: string[] = [];
    const probe = async (when: string) => {
      for (const [shape, { id }] of lessons) {
        const view = await getLessonView(h.services, student, id);
        const refused = await errorOf(reportProblem(h.services, student, id, `Probe ${when}: something went wrong`));
        expect({ shape, when, allowed: view.canReportProblem }).toEqual({ shape, when, allowed: refused === null });
        if (refused) expect(view.reportRefusal?.message).toBe(refused.message);
        probes.push(`${shape} @ ${when}: ${refused ? "refused" : "reported"}`);
      }
    };

    await act(h.services, student, lessons.get("free cancellation")!.id, "CANCEL", "plans changed");
    await probe("booking day");
    await h.advance(start.getTime() - h.services.now().getTime() - 2 * HOUR);
    await act(h.services, student, lessons.get("late cancellation")!.id, "CANCEL", "too late to make it");
    await probe("two hours before the start");
    await h.advance(2 * HOUR - MIN);
    await probe("a minute before the start");
    await h.advance(MIN);
    for (const shape of ["both join", "refunded in full", "student no-show"] as const) {
      await act(h.services, lessons.get(shape)!.tutor, lessons.get(shape)!.id, "JOIN");
    }
    for (const shape of ["both join", "refunded in full", "tutor no-show"] as const)
      await act(h.services, student, lessons.get(shape)!.id, "JOIN");
    await probe("the scheduled start");
    await h.advance(40 * MIN);
    await finalizeTick(h.services, {});
    await settle(h);
    const refunded = lessons.get("refunded in full")!.id;
    await adminPaymentAction(h.services, admin, refunded, { type: "ADMIN_REFUND", amount: 450, reason: "the lesson went wrong" });
    await settle(h);
    await probe("after settlement");
    const end = new Date(start.getTime() + 25 * MIN);
    await h.advance(end.getTime() + h.services.policy.problemReportWindowMs - h.services.now().getTime());
    await probe("the deadline itself");
    await h.advance(1);
    await probe("a millisecond after the deadline");

    // the matrix reached both answers for the shapes that have something to dispute
    expect(probes).toContain("both join @ the scheduled start: reported");
    expect(probes).toContain("late cancellation @ the scheduled start: reported");
    expect(probes).toContain("student no-show @ the scheduled start: reported");
    expect(probes).toContain("free cancellation @ the scheduled start: refused");
    expect(probes).toContain("declined card @ the scheduled start: refused");
  });
});

describe("capture preview: what the admin is shown is what ADMIN_CAPTURE then does", () => {
  async function compare(lessonId: string) {
    const preview = (await adminLessonMoney(h.services, lessonId)).capture;
    const before = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId } });
    // the action runs the operation it creates right away, so the provider's answer is in when it returns
    const refused = await errorOf(
      adminPaymentAction(h.services, admin, lessonId, { type: "ADMIN_CAPTURE", reason: "checking the preview" }),
    );
    const after = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId } });
    if (preview.capturable) {
      expect(refused).toBeNull();
      expect({ amount: after.amountCaptured, platformFee: after.platformFee, tutorShare: after.tutorShare }).toEqual({
        amount: preview.amount,
        platformFee: preview.platformFee,
        tutorShare: preview.tutorShare,
      });
    } else if (refused) {
      expect(refused.message).toBe(preview.reason);
    } else {
      // nothing to do (already captured, capture on its way): the command changes no amount
      expect(after.amountCaptured).toBe(before.amountCaptured);
    }
    return preview;
  }

  it("agrees before the end, after it by who joined, with a live void, and once captured", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 450 });
    const early = await h.book(student, tutor, 2 * HOUR);
    expect(await compare(early)).toMatchObject({ capturable: false });

    const noShow = await h.book(student, tutor, 4 * HOUR);
    const voiding = await h.book(student, tutor, 6 * HOUR);
    const payment = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId: voiding } });
    await h.t.db.paymentOperation.create({
      data: {
        id: randomUUID(),
        paymentId: payment.id,
        kind: "VOID",
        idempotencyKey: `void:${payment.id}`,
        nextAttemptAt: new Date(h.services.now().getTime() + DAY),
      },
    });
    expect(await compare(voiding)).toMatchObject({ capturable: false, reason: expect.stringMatching(/void of this hold is in progress/) });

    await h.advance(4 * HOUR);
    await act(h.services, tutor, noShow, "JOIN"); // the student never comes
    await h.advance(26 * MIN); // past the scheduled end, before finalize's grace is over
    expect(await compare(noShow)).toMatchObject({ capturable: true, amount: 225, platformFee: 45, tutorShare: 180 });
    expect(await compare(noShow)).toEqual({ capturable: false, reason: "Already captured." });
  });
});

describe("booking page: each slot's card-hold plan is what booking it does", () => {
  it("agrees for a slot inside the authorization horizon and one beyond it", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 450, price50: 850 });
    await h.t.db.availabilityWindow.createMany({
      data: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ id: randomUUID(), tutorId: tutor.id, weekday, startMinute: 0, endMinute: 1440 })),
    });
    const { slots } = await tutorFreeSlots(h.services, tutor.id, 50);
    const near = slots.find((s) => s.start.getTime() > h.services.now().getTime() + DAY)!;
    const far = slots.find((s) => s.start.getTime() > h.services.now().getTime() + 9 * DAY)!;
    expect(near.authorization).toEqual({ mode: "ON_SESSION" });
    expect(far.authorization).toMatchObject({ mode: "OFF_SESSION" });
    for (const slot of [near, far]) {
      const view = await bookLesson(h.services, student, {
        tutorId: tutor.id,
        scheduledStart: slot.start,
        durationMinutes: 50,
        paymentMethodId: await h.paymentMethod(),
      });
      const payment = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId: view.id } });
      expect({ mode: payment.authorizationMode, authorizeAt: payment.authorizeAt }).toEqual({
        mode: slot.authorization!.mode,
        authorizeAt: "authorizeAt" in slot.authorization! ? slot.authorization.authorizeAt : null,
      });
    }
  });
});
