// The admin's reconciliation procedures: admins only; "Reconcile now" runs a pass and says what it found; a
// discrepancy is resolved once (with its alert, audited), a second resolution changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeAdmin } from "~/test/lifecycle-helpers";
import { type Harness, startHarness } from "~/test/lifecycle-harness";
import { trpcCaller, trpcCode } from "~/test/trpc-caller";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-02T08:00:00Z" });
});
afterAll(() => h.close());

describe("admin reconciliation procedures", () => {
  it("are refused to everyone but admins", async () => {
    const student = await h.student();
    const as = trpcCaller(h.services, student);
    expect(await trpcCode(as.admin.discrepancies({ state: "open" }))).toBe("FORBIDDEN");
    expect(await trpcCode(as.admin.reconcileNow())).toBe("FORBIDDEN");
    expect(await trpcCode(trpcCaller(h.services, null).admin.discrepancies({ state: "open" }))).toBe("UNAUTHORIZED");
  });

  it("run a pass, list what it found with what to do, and resolve it once with its alert", async () => {
    const admin = trpcCaller(h.services, await makeAdmin(h));
    const { customerId } = await h.services.stripe.createCustomer({});
    await h.services.stripe.authorize({
      amount: 700,
      currency: "usd",
      customerId,
      paymentMethodId: "pm_card_visa",
      offSession: false,
      idempotencyKey: "hand-made",
      metadata: { lessonId: "x", paymentId: "not-ours" },
    });
    const run = await admin.admin.reconcileNow();
    expect(run).toMatchObject({ state: "finished", message: expect.stringContaining("1 new") });
    const { discrepancies, runs } = await admin.admin.discrepancies({ state: "open" });
    expect(runs[0]).toMatchObject({ status: "DONE", discrepancies: 1 });
    expect(discrepancies).toMatchObject([
      { kind: "PROVIDER_ONLY", title: expect.any(String), whatToDo: expect.stringContaining("cancel or refund") },
    ]);
    const id = discrepancies[0]!.id;

    expect(await trpcCode(admin.admin.resolveDiscrepancy({ discrepancyId: id, reason: "x" }))).toBe("BAD_REQUEST");
    expect(await admin.admin.resolveDiscrepancy({ discrepancyId: id, reason: "cancelled it in the Dashboard" })).toMatchObject({
      outcome: "done",
    });
    expect(await admin.admin.resolveDiscrepancy({ discrepancyId: id, reason: "again" })).toMatchObject({ outcome: "already_done" });
    expect(await h.t.db.alert.findFirstOrThrow({ where: { subjectType: "DISCREPANCY", subjectId: id } })).toMatchObject({
      resolution: "cancelled it in the Dashboard",
    });
    expect(await h.t.db.auditEvent.count({ where: { action: "discrepancy.resolved", subjectId: id } })).toBe(1);
    expect((await admin.admin.discrepancies({ state: "resolved" })).discrepancies.map((d) => d.id)).toEqual([id]);

    // The provider still disagrees: the next pass opens it again; resolving its alert from the queue resolves it too.
    await h.advance(1000);
    await admin.admin.reconcileNow();
    const [again] = (await admin.admin.discrepancies({ state: "open" })).discrepancies;
    expect(again).toMatchObject({ kind: "PROVIDER_ONLY" });
    expect(again!.id).not.toBe(id);
    const alert = await h.t.db.alert.findFirstOrThrow({ where: { subjectType: "DISCREPANCY", subjectId: again!.id, resolvedAt: null } });
    await admin.admin.resolveAlert({ alertId: alert.id, reason: "refunded at Stripe" });
    expect((await admin.admin.discrepancies({ state: "open" })).discrepancies).toEqual([]);
  });
});
