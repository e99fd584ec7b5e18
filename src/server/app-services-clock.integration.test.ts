import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import type * as ServicesModule from "./services";
import { setClockOffsetMs } from "./time-travel";

// The app's per-request services on a demo (time-travel) deployment: for the lesson page's poll the clock offset is
// read from the database at most once per CLOCK_OFFSET_REUSE_MS per process, so a page polling every 1.5 s does not pay
// a query for it; every other request (a cron run, a command) reads the moved clock at once.
let t: TestDatabase;
let services: typeof ServicesModule;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.ALLOW_TIME_TRAVEL = "true";
  process.env.EMBEDDED_DATABASE = "true";
  services = await import("./services");
});
afterAll(async () => {
  vi.useRealTimers();
  await t.drop();
});

const offsetOf = (s: { now: () => Date }) => s.now().getTime() - Date.now();

describe("appServices() on a time-travel deployment", () => {
  it("a poll reuses the offset read for CLOCK_OFFSET_REUSE_MS, then reads the moved one", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-02T10:00:00Z") });
    const recent = () => services.appServices({ clock: "recent" });
    await setClockOffsetMs(t.db, 3_600_000);
    expect(offsetOf(await recent())).toBe(3_600_000);

    await setClockOffsetMs(t.db, 7_200_000); // the ops CLI moves the clock
    const sameSecond = await Promise.all([recent(), recent(), recent()]);
    expect(sameSecond.map(offsetOf)).toEqual([3_600_000, 3_600_000, 3_600_000]);

    vi.setSystemTime(Date.now() + services.CLOCK_OFFSET_REUSE_MS);
    expect(offsetOf(await recent())).toBe(7_200_000);
  });

  it("anything else (a cron run, a command) sees a moved clock at once", async () => {
    await setClockOffsetMs(t.db, 3_600_000);
    expect(offsetOf(await services.appServices())).toBe(3_600_000);
    await setClockOffsetMs(t.db, 10_800_000); // moved, and the cron is called right after (as the e2e specs do)
    expect(offsetOf(await services.appServices({ clock: "recent" }))).toBe(3_600_000); // a poll may lag a second
    expect(offsetOf(await services.appServices())).toBe(10_800_000);
  });
});
