import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import type * as ServicesModule from "./services";
import { setClockOffsetMs } from "./time-travel";

// The app's per-request services on a demo (time-travel) deployment: the clock offset is read from the database at
// most once per CLOCK_OFFSET_REUSE_MS per process, so a page polling every 1.5 s does not pay a query for it.
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
  it("reuses the offset it read for CLOCK_OFFSET_REUSE_MS, then reads the moved one", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-02T10:00:00Z") });
    await setClockOffsetMs(t.db, 3_600_000);
    expect(offsetOf(await services.appServices())).toBe(3_600_000);

    await setClockOffsetMs(t.db, 7_200_000); // the ops CLI moves the clock
    const sameSecond = await Promise.all([services.appServices(), services.appServices(), services.appServices()]);
    expect(sameSecond.map(offsetOf)).toEqual([3_600_000, 3_600_000, 3_600_000]);

    vi.setSystemTime(Date.now() + services.CLOCK_OFFSET_REUSE_MS);
    expect(offsetOf(await services.appServices())).toBe(7_200_000);
  });
});
