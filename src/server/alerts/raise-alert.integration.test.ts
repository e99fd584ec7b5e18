// "One open alert per (type, subject)" is the database's rule (the partial unique index manual_alert_one_open), not a
// read-then-write that two transactions can both pass: real concurrent transactions raising the same alert leave
// exactly one open row.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertSeverity } from "~/generated/prisma/client";
import { TX_OPTIONS } from "~/server/lifecycle/apply-command";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { raiseAlertOnce } from "./raise-alert";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolSize: 12 });
});
afterAll(() => t.drop());

const now = new Date("2026-11-26T12:00:00Z");
const alertAbout = (subjectId: string, severity: AlertSeverity = "WARNING") => ({
  type: "OPERATION_RETRYING",
  severity,
  subjectType: "OPERATION" as const,
  subjectId,
  message: `${severity}: keeps retrying`,
});

/** Each raise in its own transaction, all started together and held open a moment so they really overlap. */
function raiseAtOnce(severities: AlertSeverity[], subjectId: string) {
  return Promise.all(
    severities.map((severity) =>
      t.db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_sleep(0.05)`;
        const r = await raiseAlertOnce(tx, alertAbout(subjectId, severity), now);
        await tx.$executeRaw`SELECT pg_sleep(0.05)`;
        return r;
      }, TX_OPTIONS),
    ),
  );
}

const openAlerts = (subjectId: string) => t.db.alert.findMany({ where: { subjectId, resolvedAt: null } });

describe("raiseAlertOnce under concurrency", () => {
  it("eight transactions raising the same alert at once create one open row", async () => {
    const subjectId = randomUUID();
    const results = await raiseAtOnce(Array<AlertSeverity>(8).fill("WARNING"), subjectId);
    expect(results.filter((r) => r === "created")).toHaveLength(1);
    expect(results.filter((r) => r === "already_open")).toHaveLength(7);
    expect(await openAlerts(subjectId)).toHaveLength(1);
  });

  it("a graver raise racing milder ones still leaves one open row, at the graver severity", async () => {
    // Several rounds: the race that stepped a CRITICAL back down (an INFO row open, a WARNING and the CRITICAL both
    // escalating it, the WARNING committing last) needs the INFO to insert first, which one round may not give.
    for (let round = 0; round < 6; round++) {
      const subjectId = randomUUID();
      await raiseAtOnce(["INFO", "WARNING", "CRITICAL", "WARNING", "INFO", "WARNING"], subjectId);
      const open = await openAlerts(subjectId);
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ severity: "CRITICAL", message: "CRITICAL: keeps retrying" });
    }
  });

  it("the database itself refuses a second open alert about the same subject, and allows one once the first is resolved", async () => {
    const subjectId = randomUUID();
    const row = () => ({ id: randomUUID(), ...alertAbout(subjectId), openedAt: now });
    await t.db.alert.create({ data: row() });
    await expect(t.db.alert.create({ data: row() })).rejects.toThrow(/manual_alert_one_open|Unique constraint/);
    await t.db.alert.updateMany({ where: { subjectId }, data: { resolvedAt: now, resolvedBy: "admin", resolution: "fixed" } });
    expect(await t.db.$transaction((tx) => raiseAlertOnce(tx, alertAbout(subjectId), now))).toBe("created");
    expect(await openAlerts(subjectId)).toHaveLength(1);
    expect(await t.db.alert.count({ where: { subjectId } })).toBe(2);
  });
});
