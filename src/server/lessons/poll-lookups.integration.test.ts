import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "~/server/auth";
import { signUp, testAuth } from "~/test/auth";
import { type Harness, HOUR, startHarness } from "~/test/lifecycle-harness";
import { pollRowOf } from "./poll-lookups";

// The poll's shared lookup on a real database: polls that arrive together, or while a lookup is in flight, share one
// statement, each gets its own lesson's row, and a failed lookup fails only the polls it carried.
let h: Harness;
let lessons: string[];
let student: SessionUser;

async function user(email: string, role: SessionUser["role"]): Promise<SessionUser> {
  await signUp(testAuth(h.t.db), { email, role });
  const row = await h.t.db.user.findUniqueOrThrow({ where: { email } });
  return { id: row.id, email, name: row.name, role, timeZone: "UTC" };
}

beforeAll(async () => {
  h = await startHarness();
  student = await user("lookup-student@example.test", "STUDENT");
  const tutor = await user("lookup-tutor@example.test", "TUTOR");
  await h.t.db.tutorProfile.create({ data: { userId: tutor.id, price25: 450, price50: 850, currency: "USD" } });
  lessons = [await h.book(student, tutor, 2 * HOUR), await h.book(student, tutor, 4 * HOUR)];
});
afterAll(() => h.close());

/** $queryRaw on the harness's client, each call held until `release` (so that a lookup stays in flight) */
function holdLookups() {
  const calls: string[][] = [];
  const gates: (() => void)[] = [];
  const original = h.t.db.$queryRaw.bind(h.t.db);
  const spy = vi.spyOn(h.t.db, "$queryRaw").mockImplementation(((strings: TemplateStringsArray, ...values: unknown[]) => {
    calls.push([...(values[0] as string[])]);
    return new Promise<void>((resolve) => gates.push(resolve)).then(() => original(strings, ...values));
  }) as typeof h.t.db.$queryRaw);
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  return { calls, release: () => gates.splice(0).forEach((g) => g()), turn, restore: () => spy.mockRestore() };
}

describe("pollRowOf", () => {
  it("answers polls that arrive together with one statement, each with its own lesson (or none)", async () => {
    const held = holdLookups();
    try {
      const answers = Promise.all([pollRowOf(h.t.db, lessons[0]!), pollRowOf(h.t.db, "no-such-lesson"), pollRowOf(h.t.db, lessons[1]!)]);
      await held.turn();
      held.release();
      const [a, none, b] = await answers;
      expect(held.calls).toEqual([[lessons[0], "no-such-lesson", lessons[1]]]);
      expect(a).toMatchObject({ id: lessons[0], studentId: student.id });
      expect(none).toBeUndefined();
      expect(b).toMatchObject({ id: lessons[1], studentId: student.id });
    } finally {
      held.restore();
    }
  });

  it("holds the polls that arrive while a lookup is in flight, then sends them together", async () => {
    const held = holdLookups();
    try {
      const first = pollRowOf(h.t.db, lessons[0]!);
      await held.turn(); // the first lookup has gone out
      const second = pollRowOf(h.t.db, lessons[1]!);
      await held.turn();
      const third = pollRowOf(h.t.db, lessons[0]!);
      await held.turn();
      expect(held.calls).toEqual([[lessons[0]]]); // the later two wait for it, across turns of the event loop
      held.release();
      await first;
      for (let i = 0; i < 100 && held.calls.length < 2; i++) await held.turn(); // the waiting batch goes out
      held.release();
      expect((await second)?.id).toBe(lessons[1]);
      expect((await third)?.id).toBe(lessons[0]);
      expect(held.calls).toEqual([[lessons[0]], [lessons[1], lessons[0]]]);
    } finally {
      held.restore();
    }
  });

  it("fails only the polls of a failed lookup; the next poll reads again", async () => {
    const spy = vi.spyOn(h.t.db, "$queryRaw").mockRejectedValueOnce(new Error("connection reset"));
    try {
      await expect(pollRowOf(h.t.db, lessons[0]!)).rejects.toThrow("connection reset");
      expect((await pollRowOf(h.t.db, lessons[0]!))?.id).toBe(lessons[0]);
    } finally {
      spy.mockRestore();
    }
  });
});
