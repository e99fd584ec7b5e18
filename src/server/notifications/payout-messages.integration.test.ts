// The tutor's money messages: the lesson settled (earning and when it is available), the payout on its way and
// arrived, a payout that came back (what to fix), and the security message when the payout destination changes.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { notifyPayoutDestinationChanged } from "~/server/notifications";
import { applyPayoutUpdate } from "~/server/payouts/payout-state";
import { setPayoutDestination } from "~/test/payout-destination";
import { runPayouts } from "~/server/payouts/run-payouts";
import { sendDueNotifications } from "~/server/notifications/worker";
import type { MailCatcher } from "~/sandbox/mail-catcher";
import { mailInto } from "~/test/mail";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";

let h: PayoutHarness;
let catcher: MailCatcher;
beforeAll(async () => {
  h = await startPayoutHarness({ now: "2026-11-02T08:00:00Z" });
  catcher = await mailInto(h.services);
});
afterAll(async () => {
  await catcher.close();
  await h.close();
});
beforeEach(() => catcher.clear());

const send = () => sendDueNotifications(h.services, { workerId: "test" });
const subjectsTo = (email: string) => catcher.messages.filter((m) => m.to.includes(email)).map((m) => m.subject);

describe("tutor payout messages", () => {
  it("settled, sent and paid, each once, with the amounts of the ledger", async () => {
    const tutor = await h.tutor({ price25: 1250 });
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "tara@paid.test" });
    await h.capturedLesson(await h.student(), tutor);
    await send();
    const settled = catcher.messages.find((m) => m.to.includes(tutor.email) && m.subject.startsWith("Lesson settled"))!;
    expect(settled.subject).toBe("Lesson settled: you earned $10.00");
    expect(settled.text).toContain("platform fee $2.50");
    expect(settled.text).toMatch(/available for payout on Thu, Nov 5, \d+:\d\d [AP]M UTC/);

    catcher.clear();
    await h.payOutAfterHold();
    await send();
    expect(subjectsTo(tutor.email).sort()).toEqual(["Payout of $10.00 has arrived", "Payout of $10.00 is on its way"]);
    await runPayouts(h.services);
    await send();
    expect(subjectsTo(tutor.email)).toHaveLength(2);
  });

  it("a returned payout says what to fix", async () => {
    const tutor = await h.tutor({ price25: 1250 });
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "gone@paid.test" });
    await h.capturedLesson(await h.student(), tutor);
    await h.payOutAfterHold();
    const payout = await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } });
    await applyPayoutUpdate(h.services, payout.id, { status: "RETURNED", providerStatus: "RETURNED" }, { type: "WEBHOOK", id: "test" });
    await send();
    const returned = catcher.messages.find((m) => m.to.includes(tutor.email) && m.subject === "Payout of $10.00 came back")!;
    expect(returned.text).toContain("update it on the payouts page");
    expect(returned.text).toContain("Provider status: RETURNED.");
  });

  it("the destination-changed message is written once per change and cannot be turned off", async () => {
    const tutor = await h.tutor();
    await h.t.db.notificationOptOut.createMany({
      data: [
        { userId: tutor.id, category: "reminders", createdAt: h.services.now() },
        { userId: tutor.id, category: "marketing", createdAt: h.services.now() },
      ],
    });
    const change = { tutorId: tutor.id, changeId: randomUUID(), method: "PAYPAL", destination: "new@paid.test", at: h.services.now() };
    await h.t.db.$transaction((tx) => notifyPayoutDestinationChanged(tx, change));
    await h.t.db.$transaction((tx) => notifyPayoutDestinationChanged(tx, change)); // the same change, replayed
    await send();
    const mails = catcher.messages.filter((m) => m.to.includes(tutor.email));
    expect(mails.map((m) => m.subject)).toEqual(["Your payout destination changed"]);
    expect(mails[0]!.text).toContain("by PayPal to new@paid.test");
    expect(mails[0]!.headers["list-unsubscribe"]).toBeUndefined();
  });

  it("replacing a PayPal address announces it to that previous address too, without naming the new one", async () => {
    const tutor = await h.tutor();
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "owner@paid.test" });
    await send();
    catcher.clear();
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "thief@evil.test" });
    const settings = await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "thief@evil.test" }); // no change
    await send();
    const toOld = catcher.messages.filter((m) => m.to.includes("owner@paid.test"));
    expect(toOld.map((m) => m.subject)).toEqual(["Payouts will no longer be sent to this address"]);
    const { name } = await h.t.db.user.findUniqueOrThrow({ where: { id: tutor.id } });
    expect(toOld[0]!.text).toContain(`The LessonPay tutor account of ${name} changed where its payouts go`);
    expect(toOld[0]!.text).toMatch(/by PayPal to another account, from \w{3}, \w{3} \d+, \d+:\d\d [AP]M UTC/);
    expect(toOld[0]!.text).not.toContain("thief@evil.test");
    expect(toOld[0]!.headers["list-unsubscribe"]).toBeUndefined();
    // the account's email has the full message with the cool-off; the new address hears nothing
    const toTutor = catcher.messages.filter((m) => m.to.includes(tutor.email));
    expect(toTutor.map((m) => m.subject)).toEqual(["Your payout destination changed"]);
    expect(toTutor[0]!.text).toContain("by PayPal to thief@evil.test");
    expect(toTutor[0]!.text).toContain("For your safety, no payout is made there before");
    expect(settings.payoutsHeldUntil).not.toBeNull();
    expect(catcher.messages.filter((m) => m.to.includes("thief@evil.test"))).toEqual([]);
    expect(catcher.messages).toHaveLength(2);
  });

  it("a previous address that is the account's own email gets one message, not two", async () => {
    const tutor = await h.tutor();
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: tutor.email });
    await send();
    catcher.clear();
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "next@paid.test" });
    await send();
    expect(catcher.messages.map((m) => [m.to, m.subject])).toEqual([[[tutor.email], "Your payout destination changed"]]);
  });
});
