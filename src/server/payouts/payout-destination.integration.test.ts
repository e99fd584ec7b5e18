import { type TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/server/auth";
import { HOUR } from "~/test/lifecycle-harness";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";
import { givePassword, setPayoutDestination, TUTOR_PASSWORD } from "~/test/payout-destination";
import { sessionAs, trpcCaller } from "~/test/trpc-caller";
import { createPayoutForTutor } from "./create-payout";
import { runPayouts } from "./run-payouts";

let h: PayoutHarness;
beforeAll(async () => {
  h = await startPayoutHarness({ now: "2026-11-02T08:00:00Z", poolSize: 12 });
});
afterAll(() => h.close());

const COOL_OFF = 72 * HOUR;
const as = (u: SessionUser) => trpcCaller(h.services, u);
const admin = () => trpcCaller(h.services, sessionAs("ADMIN"));
const paypal = (tutor: SessionUser, email: string, currentPassword = TUTOR_PASSWORD) =>
  as(tutor).payout.updateSettings({ method: "PAYPAL", paypalEmail: email, currentPassword });

/** A tutor paid by PayPal at `email` with an earning of $16 available (its report window passed). */
async function tutorWithEarnings(email: string) {
  const tutor = await h.tutor({ price25: 2000 });
  await givePassword(h.services, tutor.id);
  await paypal(tutor, email);
  await h.capturedLesson(await h.student(), tutor);
  await h.advance(73 * HOUR);
  return tutor;
}

describe("payout destination changes", () => {
  it("need the current password: a wrong one is refused naming the field, and nothing is written", async () => {
    const tutor = await h.tutor();
    await givePassword(h.services, tutor.id);
    const err = (await paypal(tutor, "thief@evil.test", "not-my-password").catch((e) => e)) as TRPCError;
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toMatch(/^currentPassword: that is not your current password/);
    expect(await h.t.db.payoutAccount.count({ where: { tutorId: tutor.id } })).toBe(0);
    expect(await h.t.db.payoutDestinationChange.count({ where: { tutorId: tutor.id } })).toBe(0);
    // a first destination is audited, announced and cooled off like any change
    const s = await paypal(tutor, "Own@Paid.test");
    expect(s).toMatchObject({ method: "PAYPAL", paypalEmail: "own@paid.test", ready: true });
    expect(s.payoutsHeldUntil).toEqual(new Date(h.services.now().getTime() + COOL_OFF));
    expect(s.recentChanges).toMatchObject([{ destination: "own@paid.test", previousDestination: null, state: "COOLING_OFF" }]);
    const audit = await h.t.db.auditEvent.findMany({ where: { subjectType: "PAYOUT_ACCOUNT", subjectId: tutor.id } });
    expect(audit.map((a) => [a.action, a.actorType, a.toState])).toEqual([["payout_destination.changed", "TUTOR", "own@paid.test"]]);
    const notes = await h.t.db.notification.findMany({ where: { userId: tutor.id, kind: "payout_destination_changed" } });
    expect(notes.map((n) => n.channel).sort()).toEqual(["EMAIL", "IN_APP"]);
    // saving the same destination again is not a change
    await paypal(tutor, "own@paid.test");
    expect(await h.t.db.payoutDestinationChange.count({ where: { tutorId: tutor.id } })).toBe(1);
  });

  it("a first destination set while earnings wait is held with its reason until the cool-off ends", async () => {
    // Earnings first (a tutor who never set a destination), then a destination: a stolen session cannot withdraw at once.
    const tutor = await h.tutor({ price25: 2000 });
    await givePassword(h.services, tutor.id);
    await h.capturedLesson(await h.student(), tutor);
    await h.advance(73 * HOUR);
    expect(await createPayoutForTutor(h.services, tutor.id, tutor.id)).toMatchObject({ created: false, reason: "NO_METHOD" });
    const s = await paypal(tutor, "first@paid.test");
    expect(s.payoutsHeldUntil).toEqual(new Date(h.services.now().getTime() + COOL_OFF));
    const asked = await createPayoutForTutor(h.services, tutor.id, tutor.id);
    expect(asked).toMatchObject({ created: false, reason: "COOLING_OFF", available: 1600 });
    expect(!asked.created && asked.message).toBe(
      `Your payout destination was set or changed recently; for your safety payouts to it start at ⟦instant:${s.payoutsHeldUntil!.toISOString()}⟧.`,
    );
    await h.advance(COOL_OFF - 1);
    await runPayouts(h.services);
    expect(await h.t.db.payout.count({ where: { tutorId: tutor.id } })).toBe(0);
    await h.advance(1);
    await runPayouts(h.services);
    expect(await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } })).toMatchObject({
      destination: "first@paid.test",
      amount: 1600,
    });
  });

  it("Stripe onboarding as the first destination is a recorded change with the same cool-off", async () => {
    const tutor = await h.tutor();
    const startedAt = h.services.now();
    await as(tutor).payout.onboardingLink();
    const s = await as(tutor).payout.settings();
    expect(s).toMatchObject({ method: "STRIPE", payoutsHeldUntil: new Date(startedAt.getTime() + COOL_OFF) });
    expect(s.recentChanges).toMatchObject([{ method: "STRIPE", destination: s.stripeAccountId, previousDestination: null }]);
    const audit = await h.t.db.auditEvent.findMany({ where: { subjectType: "PAYOUT_ACCOUNT", subjectId: tutor.id } });
    expect(audit.map((a) => [a.action, a.actorType])).toEqual([["payout_destination.changed", "TUTOR"]]);
    // a second link (onboarding not finished) is not another change
    await as(tutor).payout.onboardingLink();
    expect(await h.t.db.payoutDestinationChange.count({ where: { tutorId: tutor.id } })).toBe(1);
  });

  it("a payout after the destination was replaced waits for the cool-off, then goes to the new destination", async () => {
    const tutor = await tutorWithEarnings("owner@paid.test");
    const changedAt = h.services.now();
    const s = await paypal(tutor, "thief@evil.test");
    expect(s.payoutsHeldUntil).toEqual(new Date(changedAt.getTime() + COOL_OFF));
    expect(s.recentChanges[0]).toMatchObject({
      destination: "thief@evil.test",
      previousDestination: "owner@paid.test",
      state: "COOLING_OFF",
    });
    // the announcement goes to the account's email and the app, and names the new destination
    const note = await h.t.db.notification.findFirstOrThrow({
      where: { userId: tutor.id, channel: "EMAIL", kind: "payout_destination_changed" },
      orderBy: { createdAt: "desc" },
    });
    expect(note.data).toMatchObject({ method: "PAYPAL", destination: "thief@evil.test" });

    await runPayouts(h.services);
    expect(await h.t.db.payout.count({ where: { tutorId: tutor.id } })).toBe(0);
    const asked = await createPayoutForTutor(h.services, tutor.id, tutor.id);
    expect(asked).toMatchObject({ created: false, reason: "COOLING_OFF", available: 1600 });
    expect(!asked.created && asked.message).toContain(`payouts to it start at ⟦instant:${s.payoutsHeldUntil!.toISOString()}⟧`);

    await h.advance(COOL_OFF - 1);
    expect(await createPayoutForTutor(h.services, tutor.id, "cron")).toMatchObject({ created: false, reason: "COOLING_OFF" });
    await h.advance(1);
    await runPayouts(h.services);
    expect(await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } })).toMatchObject({
      destination: "thief@evil.test",
      amount: 1600,
    });
  });

  it("the admin sees the change and cancels it: the previous destination is back, the hold ends, audited as the admin", async () => {
    const tutor = await tutorWithEarnings("real@paid.test");
    await paypal(tutor, "thief2@evil.test");
    const listed = await admin().admin.destinationChanges();
    const change = listed.find((c) => c.tutorId === tutor.id && c.destination === "thief2@evil.test");
    expect(change).toMatchObject({ state: "COOLING_OFF", previousDestination: "real@paid.test", tutor: { email: tutor.email } });
    expect(
      (
        (await as(tutor)
          .admin.destinationChanges()
          .catch((e) => e)) as TRPCError
      ).code,
    ).toBe("FORBIDDEN");

    expect(await admin().admin.cancelDestinationChange({ changeId: change!.id, reason: "tutor says this was not them" })).toEqual({
      cancelled: true,
    });
    const settings = await as(tutor).payout.settings();
    expect(settings).toMatchObject({ method: "PAYPAL", paypalEmail: "real@paid.test", payoutsHeldUntil: null });
    expect(settings.recentChanges[0]).toMatchObject({ destination: "thief2@evil.test", state: "CANCELLED" });
    const audit = await h.t.db.auditEvent.findFirstOrThrow({
      where: { action: "payout_destination.change_cancelled", subjectId: tutor.id },
    });
    expect(audit).toMatchObject({
      actorType: "ADMIN",
      actorId: "u-ADMIN",
      reason: "tutor says this was not them",
      toState: "real@paid.test",
    });
    // a second cancel changes nothing; the payout now goes to the real destination at once
    expect(await admin().admin.cancelDestinationChange({ changeId: change!.id, reason: "clicked twice by mistake" })).toMatchObject({
      cancelled: false,
    });
    await runPayouts(h.services);
    expect(await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } })).toMatchObject({ destination: "real@paid.test" });
  });

  it("the latest of changes made in the same instant is the one the admin can cancel", async () => {
    const tutor = await h.tutor();
    for (const email of ["one@paid.test", "two@paid.test", "three@paid.test", "four@paid.test", "five@paid.test"]) {
      await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: email });
    }
    const changes = await h.t.db.payoutDestinationChange.findMany({ where: { tutorId: tutor.id }, orderBy: { seq: "asc" } });
    expect(changes.map((c) => [c.seq, c.destination])).toEqual([
      [1, "one@paid.test"],
      [2, "two@paid.test"],
      [3, "three@paid.test"],
      [4, "four@paid.test"],
      [5, "five@paid.test"],
    ]);
    const earlier = (await admin()
      .admin.cancelDestinationChange({ changeId: changes[3]!.id, reason: "not the latest one" })
      .catch((e) => e)) as TRPCError;
    expect(earlier.message).toMatch(/changed the destination again since/);
    expect(await admin().admin.cancelDestinationChange({ changeId: changes[4]!.id, reason: "the latest one" })).toEqual({
      cancelled: true,
    });
    expect(await as(tutor).payout.settings()).toMatchObject({ paypalEmail: "four@paid.test" });
    // the tutor's page lists them newest first
    expect((await as(tutor).payout.settings()).recentChanges.map((c) => c.destination)).toEqual([
      "five@paid.test",
      "four@paid.test",
      "three@paid.test",
      "two@paid.test",
      "one@paid.test",
    ]);
  });

  it("Stripe onboarding does not move payouts away from an existing PayPal destination", async () => {
    const tutor = await h.tutor();
    await givePassword(h.services, tutor.id);
    await paypal(tutor, "stay@paid.test");
    await as(tutor).payout.onboardingLink();
    expect(await as(tutor).payout.settings()).toMatchObject({ method: "PAYPAL", paypalEmail: "stay@paid.test" });
  });
});
