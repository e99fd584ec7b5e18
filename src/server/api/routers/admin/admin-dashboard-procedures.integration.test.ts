// The issue-7 admin procedures as wired: admins get answers, everyone else FORBIDDEN, and
// input mistakes name the field. (The services themselves: src/server/admin/*.integration.test.ts.)
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/server/auth";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { testServices } from "~/test/services";
import { sessionAs as as, trpcCaller, trpcCode as codeOf } from "~/test/trpc-caller";

let t: TestDatabase;
let admin: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  admin = { id: randomUUID(), email: "ada@admin.test", name: "Ada Admin", role: "ADMIN", timeZone: "America/New_York" };
  await t.db.user.create({ data: { id: admin.id, email: admin.email, name: admin.name, role: "ADMIN", timeZone: admin.timeZone } });
});
afterAll(() => t.drop());

const caller = (user: SessionUser | null) => trpcCaller(testServices(t.db, { now: "2026-11-26T12:00:00Z" }), user);

describe("admin dashboard procedures", () => {
  it("answer admins and refuse students, tutors and visitors", async () => {
    const alertId = randomUUID();
    const calls = (c: ReturnType<typeof caller>, reads = false) => [
      c.admin.overview(),
      c.admin.queue(),
      c.admin.lessons({}),
      c.admin.payoutList({}),
      c.admin.audit({}),
      c.admin.auditFacets(),
      ...(reads ? [] : [c.admin.resolveAlert({ alertId, reason: "checked" })]),
    ];
    for (const role of ["STUDENT", "TUTOR"] as const) {
      for (const p of calls(caller(as(role)))) expect(await codeOf(p)).toBe("FORBIDDEN");
    }
    for (const p of calls(caller(null))) expect(await codeOf(p)).toBe("UNAUTHORIZED");
    const answers = await Promise.all(calls(caller(admin), true));
    expect(answers[0]).toMatchObject({ timeZone: "America/New_York", attentionTotal: 0 });
    expect(answers[1]).toMatchObject({ items: [] });
    expect(await codeOf(caller(admin).admin.resolveAlert({ alertId, reason: "checked" }))).toBe("NOT_FOUND");
  });

  it("resolveAlert needs a reason, and records who and why", async () => {
    const alertId = randomUUID();
    await t.db.alert.create({
      data: {
        id: alertId,
        type: "PAYOUT_FAILED",
        severity: "WARNING",
        subjectType: "PAYOUT",
        subjectId: "p1",
        message: "m",
        openedAt: new Date("2026-11-26T10:00:00Z"),
      },
    });
    await expect(caller(admin).admin.resolveAlert({ alertId, reason: " " })).rejects.toThrow(/say why/);
    const r = await caller(admin).admin.resolveAlert({ alertId, reason: "tutor fixed their PayPal email" });
    expect(r).toMatchObject({
      outcome: "done",
      message: "Alert resolved.",
      resolvedBy: { id: admin.id, name: "Ada Admin (ada@admin.test)" },
    });
    const again = await caller(admin).admin.resolveAlert({ alertId, reason: "again" });
    expect(again.outcome).toBe("already_done");
    expect(again.message).toBe(
      "Already resolved by Ada Admin (ada@admin.test) at ⟦instant:2026-11-26T12:00:00.000Z⟧: “tutor fixed their PayPal email”.",
    );
    const audit = await caller(admin).admin.audit({ action: "alert.", actor: "ada@admin.test" });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      action: "alert.resolved",
      actorName: "Ada Admin",
      subjectType: "ALERT",
      subjectId: alertId,
      reason: "tutor fixed their PayPal email",
    });
  });

  it("list filters check their dates", async () => {
    await expect(caller(admin).admin.lessons({ from: "26/11/2026" })).rejects.toThrow(/use a date like 2026-11-26/);
    await expect(caller(admin).admin.lessons({ from: "2026-11-27", to: "2026-11-26" })).rejects.toThrow(/must not be before/);
    expect((await caller(admin).admin.lessons({ from: "2026-11-01", to: "2026-11-30", status: "COMPLETED" })).items).toEqual([]);
  });
});
