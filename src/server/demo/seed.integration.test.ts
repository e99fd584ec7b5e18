// `npm run db:seed` writes an ADMIN with a public password: it must refuse a configured database unless told, refuse
// production always, and never promote (or otherwise touch) a user who already holds a demo address.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, testAuth } from "~/test/auth";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { changeState } from "~/server/payouts/payout-destination";
import { seedDemo } from "./seed";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolSize: 2 });
});
afterAll(() => t.drop());

const root = path.resolve(import.meta.dirname, "../../..");
function seed(args: string[], extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "development",
    DATABASE_URL: t.url,
    ...extraEnv,
  };
  const tsx = path.join(root, "node_modules/.bin/tsx");
  const run = spawnSync(tsx, ["--conditions=react-server", "prisma/seed.ts", ...args], {
    cwd: root,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

// Each case starts `npm run db:seed` as its own process (tsx compiles it): generous ceilings for a busy machine.
describe("db:seed", { timeout: 240_000 }, () => {
  it("refuses a configured database without --allow-remote, and writes nothing", async () => {
    const run = seed([]);
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/db:seed refused: DATABASE_URL points at a configured database.*--allow-remote/s);
    expect(await t.db.user.count()).toBe(0);
  });

  it("refuses a production environment even with --allow-remote", async () => {
    for (const extra of [{ NODE_ENV: "production" }, { VERCEL_ENV: "preview" }] as Record<string, string>[]) {
      const run = seed(["--allow-remote"], extra);
      expect(run.status).toBe(1);
      expect(run.output).toMatch(/db:seed refused: this is a production environment/);
    }
    expect(await t.db.user.count()).toBe(0);
  });

  it("with --allow-remote seeds, but never promotes or changes a user who already holds a demo address", async () => {
    // someone signed up as admin@demo.test and tutor@demo.test before the seed ran
    const auth = testAuth(t.db);
    expect((await signUp(auth, { email: "admin@demo.test", role: "STUDENT" })).status).toBe(200);
    expect((await signUp(auth, { email: "tutor@demo.test", role: "TUTOR", timeZone: "UTC" })).status).toBe(200);

    const run = seed(["--allow-remote"]);
    expect(run.output).toMatch(/Seeded:/);
    expect(run.status).toBe(0);

    const admin = await t.db.user.findUniqueOrThrow({ where: { email: "admin@demo.test" } });
    expect(admin.role).toBe("STUDENT");
    const tutor = await t.db.user.findUniqueOrThrow({ where: { email: "tutor@demo.test" }, include: { tutorProfile: true } });
    expect(tutor.tutorProfile).toBeNull();
    expect(await t.db.payoutAccount.count({ where: { tutorId: tutor.id } })).toBe(0);
    expect(await t.db.availabilityWindow.count({ where: { tutorId: tutor.id } })).toBe(0);
    // the accounts nobody held were created as the demo describes
    expect(await t.db.user.count({ where: { email: "student@demo.test", role: "STUDENT" } })).toBe(1);
    expect(await t.db.user.count({ where: { role: "ADMIN" } })).toBe(0);

    const again = seed(["--allow-remote"]);
    expect(again.status).toBe(0);
    expect((await t.db.user.findUniqueOrThrow({ where: { email: "admin@demo.test" } })).role).toBe("STUDENT");
  });
});

describe("the demo's payout destination", () => {
  it("is dated before the demo with its cool-off over, so the demo tutor is paid as soon as earnings are available", async () => {
    const own = await createTestDatabase({ poolSize: 2 });
    try {
      const now = new Date();
      await seedDemo(own.db, testAuth(own.db), now);
      const tutor = await own.db.user.findUniqueOrThrow({ where: { email: "tutor@demo.test" } });
      const account = await own.db.payoutAccount.findUniqueOrThrow({ where: { tutorId: tutor.id }, include: { destinationChanges: true } });
      expect(account).toMatchObject({ method: "PAYPAL", paypalEmail: "tara@paid.test" });
      expect(account.payoutsHeldUntil!.getTime()).toBeLessThan(now.getTime());
      expect(account.destinationChanges.map((c) => [c.destination, changeState(c, now)])).toEqual([["tara@paid.test", "IN_EFFECT"]]);
      // seeding again changes nothing
      await seedDemo(own.db, testAuth(own.db), now);
      expect(await own.db.payoutDestinationChange.count({ where: { tutorId: tutor.id } })).toBe(1);
    } finally {
      await own.drop();
    }
  });
});
