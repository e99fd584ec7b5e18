import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcCaller } from "~/test/trpc-caller";
import type { SessionUser } from "~/server/auth";
import { handleTransferEvent } from "~/server/webhooks/payout-events";
import { startWebhookReceiver, type WebhookReceiver } from "~/sandbox/webhook-receiver";
import { HOUR } from "~/test/lifecycle-harness";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";
import { stripeOnboardingLink } from "./payout-accounts";
import { runPayouts } from "./run-payouts";

let h: PayoutHarness;
let receiver: WebhookReceiver;
let student: SessionUser;
let tutorA: SessionUser;
let tutorB: SessionUser;
let lessonA: string;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  h = await startPayoutHarness({ now: "2026-11-10T08:00:00Z", webhookUrl: receiver.url });
  await h.stripe.control.configureWebhooks({ url: receiver.url, secret: "whsec_sandbox" });
  student = await h.student();
  tutorA = await h.tutor({ price25: 1000 });
  tutorB = await h.tutor({ price25: 2000 });
  lessonA = await h.capturedLesson(student, tutorA);
  await h.capturedLesson(student, tutorB);
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

const caller = (user: SessionUser | null) => trpcCaller(h.services, user);
const admin: SessionUser = { id: "admin-x", email: "admin@x.test", name: "Admin", role: "ADMIN", timeZone: "UTC" };

async function codeOf(p: Promise<unknown>) {
  return p.then(
    () => "OK",
    (e) => (e instanceof TRPCError ? e.code : String(e)),
  );
}

describe("who sees and moves whose money", () => {
  it("a tutor sees only their own earnings", async () => {
    const a = await caller(tutorA).earnings.summary();
    const b = await caller(tutorB).earnings.summary();
    expect(a.balances.pending).toBe(800);
    expect(b.balances.pending).toBe(1600);
    expect(a.lines.map((l) => l.lessonId)).toEqual([lessonA]);
    expect(b.lines.map((l) => l.lessonId)).not.toContain(lessonA);
    expect(await caller(tutorA).payout.list()).toEqual([]);
  });

  it("students cannot call tutor procedures, and only admins resolve problems or retry payouts", async () => {
    for (const p of [caller(student).earnings.summary(), caller(student).payout.request(), caller(student).payout.settings()]) {
      expect(await codeOf(p)).toBe("FORBIDDEN");
    }
    const resolve = { lessonId: lessonA, reason: "trying my luck", resolution: { decision: "FULL_REFUND" as const } };
    expect(await codeOf(caller(student).admin.resolveProblem(resolve))).toBe("FORBIDDEN");
    expect(await codeOf(caller(tutorA).admin.resolveProblem(resolve))).toBe("FORBIDDEN");
    expect(await codeOf(caller(tutorA).admin.payoutList({}))).toBe("FORBIDDEN");
    expect(await codeOf(caller(null).earnings.summary())).toBe("UNAUTHORIZED");
    // another student cannot report a problem on this lesson, and is told it does not exist
    const other = await h.student();
    expect(await codeOf(caller(other).lesson.reportProblem({ lessonId: lessonA, reason: "not my lesson at all" }))).toBe("NOT_FOUND");
    expect(await h.t.db.problemReport.count()).toBe(0);
    // the admin can
    await caller(student).lesson.reportProblem({ lessonId: lessonA, reason: "The tutor never showed a slide" });
    const r = await caller(admin).admin.resolveProblem({
      ...resolve,
      reason: "Slides were the point",
      resolution: { decision: "RELEASE" },
    });
    expect(r.report.status).toBe("RELEASED");
  });

  it("bad payout settings name the field and change nothing", async () => {
    const err = (await caller(tutorA)
      .payout.updateSettings({ method: "PAYPAL", paypalEmail: "not-an-email", currentPassword: "whatever-it-is" })
      .catch((e) => e)) as TRPCError;
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toMatch(/paypalEmail/);
    expect(await h.t.db.payoutAccount.count({ where: { tutorId: tutorA.id } })).toBe(0);
  });

  it("a Stripe transfer reversed after payout returns the money to the tutor, once, however often the webhook comes", async () => {
    const link = await stripeOnboardingLink(h.services, tutorB, "http://localhost:3000");
    await fetch(link.url, { redirect: "manual" });
    await h.advance(73 * HOUR);
    await runPayouts(h.services);
    const payout = await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutorB.id } });
    expect(payout.status).toBe("PAID");
    await h.services.stripe.reverseTransfer({ transferId: payout.providerId!, idempotencyKey: `reverse:${payout.id}` });
    // webhooks arrive asynchronously: wait for the reversal's own event
    let deliveries = receiver.received.filter((r) => r.body.includes('"transfer.reversed"'));
    for (let n = receiver.received.length + 1; deliveries.length === 0; n++) {
      await receiver.waitFor(n, 5_000);
      deliveries = receiver.received.filter((r) => r.body.includes('"transfer.reversed"'));
    }
    expect(deliveries.length).toBeGreaterThan(0);
    for (const d of [...deliveries, ...deliveries]) {
      const event = h.services.stripe.constructWebhookEvent(d.body, String(d.headers["stripe-signature"]));
      if (event.object === "transfer") await handleTransferEvent(h.services, event);
    }
    expect(await h.t.db.payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({ status: "RETURNED" });
    const returns = await h.t.db.ledgerEntry.findMany({ where: { payoutId: payout.id, kind: "PAYOUT_RETURN" } });
    expect(returns.map((e) => e.amount)).toEqual([1600]);
  });
});
