// The admin queue a page at a time, at a size the old queue could not show (it read 500 alerts and dropped the rest):
// every item reachable exactly once in queue order, pages that do not shift when items are fixed meanwhile, counts of
// the whole queue, and the page's lessons loaded with their people and payment.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "~/server/errors";
import { HOUR, type Harness, startHarness } from "~/test/lifecycle-harness";
import { needsAttention } from "./queue";
import { attentionPage } from "./queue-page";

let h: Harness;
let lessonId: string;
const ALERTS = 600;

beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T08:00:00Z" });
  lessonId = await h.book(await h.student(), await h.tutor({ price25: 450 }), 2 * HOUR);
  const now = h.services.now().getTime();
  await h.t.db.alert.createMany({
    data: Array.from({ length: ALERTS }, (_, i) => ({
      id: randomUUID(),
      type: i % 3 === 0 ? "PAYOUT_FAILED" : "RECONCILIATION_DISCREPANCY",
      severity: i % 3 === 0 ? "CRITICAL" : "WARNING",
      subjectType: "PAYOUT",
      subjectId: `po_${i}`,
      // one of them is about the booked lesson: its page must show that lesson's people and payment
      lessonId: i === 450 ? lessonId : null,
      message: `alert ${i}`,
      openedAt: new Date(now - (i + 1) * 60_000),
    })),
  });
});
afterAll(() => h.close());

async function allPages(opts: { category?: "OPEN_ALERT"; limit: number }, between?: (page: number) => Promise<void>) {
  const keys: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; ; page++) {
    const r = await attentionPage(h.services, { ...opts, cursor });
    keys.push(...r.items.map((i) => i.key));
    if (!r.nextCursor) return keys;
    await between?.(page);
    cursor = r.nextCursor;
  }
}

describe("the admin queue, a page at a time", () => {
  it("reaches every one of 600 open alerts exactly once, in queue order, with counts of the whole queue", async () => {
    const whole = (await needsAttention(h.services)).map((i) => i.key);
    expect(whole).toHaveLength(ALERTS);

    const first = await attentionPage(h.services, { limit: 200 });
    expect(first.items).toHaveLength(200);
    expect(first).toMatchObject({ total: ALERTS, matching: ALERTS, truncated: false });
    expect(first.counts.OPEN_ALERT).toBe(ALERTS);
    // critical first, then oldest first
    expect(first.items[0]!.severity).toBe("CRITICAL");
    expect(first.items.at(-1)!.severity).toBe("CRITICAL");

    expect(await allPages({ limit: 200 })).toEqual(whole);
    expect(await allPages({ category: "OPEN_ALERT", limit: 77 })).toEqual(whole);
  });

  it("loads the lesson (people and payment) of the items on the page only", async () => {
    const pages = [];
    let cursor: string | null = null;
    do {
      const r = await attentionPage(h.services, { limit: 200, cursor });
      pages.push(...r.items);
      cursor = r.nextCursor;
    } while (cursor);
    const withLesson = pages.filter((i) => i.lesson !== null);
    expect(withLesson).toHaveLength(1);
    expect(withLesson[0]!.lesson).toMatchObject({
      id: lessonId,
      tutor: { name: expect.any(String) },
      student: { email: expect.stringContaining("@") },
      payment: { status: "AUTHORIZED", amount: 450 },
    });
  });

  it("fixing items between pages neither skips nor repeats the others", async () => {
    const before = await allPages({ limit: 100 });
    const resolvedMeanwhile = new Set<string>();
    const seen = await allPages({ limit: 100 }, async (page) => {
      // after page 1: one alert already shown and one not yet shown are resolved by another admin
      if (page !== 0) return;
      for (const key of [before[10]!, before[350]!]) {
        resolvedMeanwhile.add(key);
        await h.t.db.alert.update({ where: { id: key.slice("OPEN_ALERT:".length) }, data: { resolvedAt: h.services.now() } });
      }
    });
    expect(seen).toEqual(before.filter((k) => k !== before[350]));
    expect(new Set(seen).size).toBe(seen.length);
    expect((await attentionPage(h.services, {})).total).toBe(ALERTS - 2);
  });

  it("a cursor the queue did not give out is refused, naming the field", async () => {
    const err = await attentionPage(h.services, { cursor: "not-a-cursor" }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code === "BAD_INPUT" && err.details.field === "cursor").toBe(true);
  });
});
