import { type TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcCaller } from "~/test/trpc-caller";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { testServices } from "~/test/services";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

// Thursday 26 Nov 2026, 06:00 UTC
const anonymous = () => trpcCaller(testServices(t.db, { now: "2026-11-26T06:00:00Z" }), null);

describe("tutor directory", () => {
  it("one tutor's time zone that is not IANA (forced into the table) never breaks the list or the page for others", async () => {
    await t.db.user.createMany({
      data: [
        { id: "tz-ok", name: "Zara Ok", email: "zok@tz.test", role: "TUTOR", timeZone: "Europe/Berlin" },
        { id: "tz-bad", name: "Zoe Bad", email: "zbad@tz.test", role: "TUTOR", timeZone: "Mars/Olympus" },
      ],
    });
    await t.db.tutorProfile.createMany({
      data: ["tz-ok", "tz-bad"].map((userId) => ({ userId, headline: "Zones", price25: 450, price50: 850, currency: "USD" })),
    });
    await t.db.availabilityWindow.createMany({
      data: ["tz-ok", "tz-bad"].map((tutorId) => ({ id: `w-${tutorId}`, tutorId, weekday: 4, startMinute: 540, endMinute: 720 })),
    });
    const list = await anonymous().tutor.list();
    const ok = list.find((x) => x.id === "tz-ok");
    const bad = list.find((x) => x.id === "tz-bad");
    expect(ok?.nextSlots.length).toBe(3);
    expect(bad).toMatchObject({ name: "Zoe Bad", timeZone: "UTC", nextSlots: [] });
    expect((await anonymous().tutor.get({ tutorId: "tz-bad" })).timeZone).toBe("UTC");
    expect((await anonymous().availability.slots({ tutorId: "tz-bad", durationMinutes: 25 })).slots).toEqual([]);
    await t.db.availabilityWindow.deleteMany({ where: { tutorId: { in: ["tz-ok", "tz-bad"] } } });
    await t.db.tutorProfile.deleteMany({ where: { userId: { in: ["tz-ok", "tz-bad"] } } });
    await t.db.user.deleteMany({ where: { id: { in: ["tz-ok", "tz-bad"] } } });
  });

  it("lists bookable tutors by name with prices, time zone and next three free slots; never emails", async () => {
    await t.db.user.createMany({
      data: [
        { id: "t-b", name: "Bea", email: "bea@x.test", role: "TUTOR", timeZone: "Asia/Tokyo" },
        { id: "t-a", name: "Abe", email: "abe@x.test", role: "TUTOR", timeZone: "Europe/Berlin" },
        { id: "t-none", name: "No Profile", email: "np@x.test", role: "TUTOR" },
        { id: "s-1", name: "Stu", email: "stu@x.test", role: "STUDENT" },
      ],
    });
    await t.db.tutorProfile.createMany({
      data: [
        { userId: "t-a", headline: "German", price25: 450, price50: 850, currency: "USD" },
        { userId: "t-b", headline: "Japanese", price25: 900, price50: 1700, currency: "EUR" },
      ],
    });
    await t.db.availabilityWindow.create({ data: { id: "w1", tutorId: "t-a", weekday: 4, startMinute: 540, endMinute: 720 } });

    const list = await anonymous().tutor.list();
    expect(list.map((x) => x.name)).toEqual(["Abe", "Bea"]);
    expect(list[0]).toMatchObject({
      id: "t-a",
      headline: "German",
      timeZone: "Europe/Berlin",
      currency: "USD",
      prices: { 25: 450, 50: 850 },
    });
    expect(list[0]!.nextSlots.map((s) => s.start.toISOString())).toEqual([
      "2026-11-26T08:00:00.000Z",
      "2026-11-26T08:30:00.000Z",
      "2026-11-26T09:00:00.000Z",
    ]);
    expect(list[1]!.nextSlots).toEqual([]);
    expect(JSON.stringify(list)).not.toMatch(/@x\.test/);

    const one = await anonymous().tutor.get({ tutorId: "t-b" });
    expect(one).toMatchObject({ name: "Bea", hasWeeklyHours: false, prices: { 25: 900, 50: 1700 }, currency: "EUR" });
    for (const id of ["t-none", "s-1", "missing"]) {
      expect(
        (
          (await anonymous()
            .tutor.get({ tutorId: id })
            .catch((e) => e)) as TRPCError
        ).code,
      ).toBe("NOT_FOUND");
    }
  });
});
