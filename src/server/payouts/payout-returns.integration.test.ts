// Money that comes back from a payout is credited to the cent and once: Stripe transfer reversals (partial or full, one
// or several, delivered in any order and more than once) and PayPal items that came back. A payout is RETURNED only
// when all of it came back; the rest of a partly returned payout stays paid, and the next payout pays only what came
// back. A transfer event about a transfer that is not the payout's changes nothing.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLedger } from "~/server/ledger/check-invariants";
import { tutorBalances } from "~/server/ledger/balances";
import { handleTransferEvent } from "~/server/webhooks/payout-events";
import type { StripeWebhookEvent } from "~/server/providers/stripe";
import { HOUR } from "~/test/lifecycle-harness";
import { EventLog, type RawStripeEvent, WEBHOOK_SECRET } from "~/test/lifecycle-helpers";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";
import { applyPayoutUpdate } from "./payout-state";
import { stripeOnboardingLink } from "./payout-accounts";
import { runPayouts } from "./run-payouts";

let h: PayoutHarness;
let events: EventLog;
const signer = new Stripe("sk_test_sandbox");
beforeAll(async () => {
  h = await startPayoutHarness({ now: "2026-11-02T08:00:00Z", poolSize: 20 });
  events = new EventLog(h.stripe.url);
});
afterAll(() => h.close());

/** Payouts whose transfer group a test copied onto a hand-made transfer on purpose (the provider counts two). */
const copiedGroups = new Set<string>();

async function ledgerOk() {
  const stripe = await h.stripe.control.counters();
  const paypal = await h.paypal.control.counters();
  const v = await checkLedger(h.t.db, {
    captures: stripe.captures,
    transfersByGroup: stripe.transfersByGroup,
    batchesBySenderBatchId: paypal.batchesBySenderBatchId,
  });
  return v.filter((x) => !(x.rule === "PAID_ONCE_AT_PROVIDER" && copiedGroups.has(x.subjectId)));
}

function deliverTransfer(raw: RawStripeEvent) {
  const payload = JSON.stringify(raw);
  const header = signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  const event = h.services.stripe.constructWebhookEvent(payload, header);
  if (event.object !== "transfer") throw new Error(`not a transfer event: ${event.type}`);
  return handleTransferEvent(h.services, event as Extract<StripeWebhookEvent, { object: "transfer" }>);
}

/** A Stripe Connect tutor paid one lesson's earning (1000 of a 1250 lesson) by a PAID transfer. */
async function paidStripeTutor() {
  const student = await h.student();
  const tutor = await h.tutor({ price25: 1250 });
  const link = await stripeOnboardingLink(h.services, tutor, "http://localhost:3000");
  await fetch(link.url, { redirect: "manual" });
  await h.capturedLesson(student, tutor);
  await h.payOutAfterHold();
  const payout = await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } });
  expect(payout).toMatchObject({ status: "PAID", amount: 1000, method: "STRIPE" });
  return { student, tutor, payout, transferId: payout.providerId! };
}

const reversalEventsOf = async (transferId: string) => {
  await events.refresh();
  return events.all.filter((e) => e.type === "transfer.reversed" && e.data.object.id === transferId);
};

describe("Stripe transfer reversals", () => {
  it("1 ¢, then half, then the rest — each event delivered twice, newest first — credit exactly what came back", async () => {
    const { tutor, payout, transferId } = await paidStripeTutor();
    for (const [i, amount] of [1, 500, 499].entries()) {
      await h.services.stripe.reverseTransfer({ transferId, amount, idempotencyKey: `by-hand-${i}` });
    }
    const all = await reversalEventsOf(transferId);
    expect(all).toHaveLength(3);
    for (const e of [...all].reverse()) await deliverTransfer(e);
    for (const e of all) expect((await deliverTransfer(e)).status).toBe("duplicate");

    const p = await h.t.db.payout.findUniqueOrThrow({ where: { id: payout.id }, include: { returns: true } });
    expect(p).toMatchObject({ status: "RETURNED", amountReturned: 1000 });
    expect(p.returns.map((r) => r.amount).sort((a, b) => a - b)).toEqual([1, 499, 500]);
    const credits = await h.t.db.ledgerEntry.findMany({ where: { payoutId: payout.id, kind: "PAYOUT_RETURN" } });
    expect(credits.reduce((s, e) => s + e.amount, 0)).toBe(1000);
    expect(await tutorBalances(h.services, tutor.id)).toMatchObject({ available: 1000, paid: 0 });
    expect(await ledgerOk()).toEqual([]);
  });

  it("a partial reversal leaves the payout PARTIALLY_RETURNED with the rest paid, and the next payout pays only what came back", async () => {
    const { tutor, payout, transferId } = await paidStripeTutor();
    await h.services.stripe.reverseTransfer({ transferId, amount: 1, idempotencyKey: "one-cent" });
    const [first] = await reversalEventsOf(transferId);
    expect(await deliverTransfer(first!)).toMatchObject({ status: "applied" });
    // The same reversal reported again by a later event (transfer.updated carries the same list): nothing new.
    expect(await applyPayoutUpdate(h.services, payout.id, { status: "PAID" }, { type: "CRON", id: "test" })).toMatchObject({
      changed: false,
    });

    expect(await h.t.db.payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({
      status: "PARTIALLY_RETURNED",
      amountReturned: 1,
    });
    expect(await tutorBalances(h.services, tutor.id)).toMatchObject({ available: 1, paid: 999 });
    expect((await h.t.db.alert.findMany({ where: { subjectId: payout.id } })).map((a) => [a.type, a.severity])).toEqual([
      ["PAYOUT_RETURNED", "WARNING"],
    ]);

    // Half comes back too; then the next payout (Stripe minimum 1 USD) pays exactly the 501 that came back.
    await h.services.stripe.reverseTransfer({ transferId, amount: 500, idempotencyKey: "half" });
    for (const e of await reversalEventsOf(transferId)) await deliverTransfer(e);
    expect(await h.t.db.payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({
      status: "PARTIALLY_RETURNED",
      amountReturned: 501,
    });
    await h.advance(HOUR);
    await runPayouts(h.services);
    const next = await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id, id: { not: payout.id } } });
    expect(next).toMatchObject({ amount: 501, status: "PAID" });
    expect(await tutorBalances(h.services, tutor.id)).toMatchObject({ available: 0, paid: 499 + 501 });
    expect(await ledgerOk()).toEqual([]);
  });

  it("a transfer that names the payout in its transfer_group but is not its transfer: alert, nothing changes", async () => {
    const { tutor, payout } = await paidStripeTutor();
    const account = await h.t.db.payoutAccount.findUniqueOrThrow({ where: { tutorId: tutor.id } });
    // Made by hand with the payout's transfer group copied, then reversed: its events name our payout.
    copiedGroups.add(payout.id);
    const other = await h.services.stripe.createTransfer({
      amount: 300,
      currency: "usd",
      destination: account.stripeAccountId!,
      transferGroup: `payout_${payout.id}`,
      idempotencyKey: "copied-group",
    });
    await h.services.stripe.reverseTransfer({ transferId: other.transferId, amount: 300, idempotencyKey: "copied-group-reversal" });
    const [event] = await reversalEventsOf(other.transferId);
    expect(await deliverTransfer(event!)).toMatchObject({ status: "recorded" });
    expect(await h.t.db.payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({ status: "PAID", amountReturned: 0 });
    expect(await h.t.db.ledgerEntry.count({ where: { payoutId: payout.id, kind: "PAYOUT_RETURN" } })).toBe(0);
    expect((await h.t.db.alert.findMany({ where: { subjectId: payout.id } })).map((a) => [a.type, a.severity])).toEqual([
      ["TRANSFER_MISMATCH", "CRITICAL"],
    ]);
    expect(await ledgerOk()).toEqual([]);
  });
});

describe("PayPal items that come back", () => {
  it("REFUNDED and then REVERSED for the same item credit the payout's amount once", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 1250 });
    await h.t.db.payoutAccount.upsert({
      where: { tutorId: tutor.id },
      create: { tutorId: tutor.id, method: "PAYPAL", paypalEmail: "p@paid.test" },
      update: { method: "PAYPAL", paypalEmail: "p@paid.test" },
    });
    await h.capturedLesson(student, tutor);
    await h.payOutAfterHold();
    const payout = await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } });
    expect(payout.status).toBe("PAID");
    const item = { providerItemId: payout.providerItemId, providerStatus: "REFUNDED" };
    const ret = (status: string) => ({
      status: "RETURNED" as const,
      ...item,
      providerStatus: status,
      returns: [{ providerReturnId: `${payout.providerItemId}:${status}`, amount: payout.amount, providerStatus: status }],
    });
    await applyPayoutUpdate(h.services, payout.id, ret("REFUNDED"), { type: "WEBHOOK", id: "paypal" });
    await applyPayoutUpdate(h.services, payout.id, ret("REFUNDED"), { type: "WEBHOOK", id: "paypal" });
    await applyPayoutUpdate(h.services, payout.id, ret("REVERSED"), { type: "WEBHOOK", id: "paypal" });
    expect(await h.t.db.payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({ status: "RETURNED", amountReturned: 1000 });
    expect(await h.t.db.payoutReturn.count({ where: { payoutId: payout.id } })).toBe(1);
    expect(await tutorBalances(h.services, tutor.id)).toMatchObject({ available: 1000, paid: 0 });
    expect(await ledgerOk()).toEqual([]);
  });
});
