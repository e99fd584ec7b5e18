// Every admin procedure that changes something is audited as the admin who called it, with the reason they gave —
// enumerated from the admin router itself, so a procedure added later fails here until it is in one of the tables
// below: MUTATIONS (with a setup and the reason it must record) or READS (queries, which change nothing).
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/server/auth";
import { finalizeTick } from "~/server/jobs/cron-ticks";
import { createPayoutForTutor } from "~/server/payouts/create-payout";
import { reportProblem } from "~/server/payouts/problem-reports";
import { act, deliver, EventLog, makeAdmin } from "~/test/lifecycle-helpers";
import { HOUR, MIN } from "~/test/lifecycle-harness";
import { setPayoutDestination } from "~/test/payout-destination";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";
import { trpcCaller } from "~/test/trpc-caller";
import { adminRouter } from "./_router";

const DISPUTE_CARD = "4000000000000259";

let h: PayoutHarness;
let admin: SessionUser;
let events: EventLog;
beforeAll(async () => {
  h = await startPayoutHarness({ now: "2026-11-02T08:00:00Z", poolSize: 12 });
  admin = await makeAdmin(h);
  events = new EventLog(h.stripe.url);
});
afterAll(() => h.close());

type Input = Record<string, unknown>;
/** Puts the world in the state the procedure acts on; returns its input without the reason. */
type Setup = () => Promise<Input>;

const captured = async (price25 = 1000) => {
  const student = await h.student();
  const tutor = await h.tutor({ price25 });
  return { student, tutor, lessonId: await h.capturedLesson(student, tutor) };
};

type Procedures = (typeof adminRouter)["_def"]["record"];
type NamesOf<T extends string> = { [K in keyof Procedures]: Procedures[K] extends { _def: { type: T } } ? K : never }[keyof Procedures];

// `satisfies`: a mutation added to the router without a case here does not compile (and fails the first test).
const MUTATIONS = {
  capture: async () => ({ lessonId: (await h.playedLesson()).lessonId }),
  void: async () => ({ lessonId: await h.book(await h.student(), await h.tutor(), 2 * HOUR) }),
  refund: async () => ({ lessonId: (await captured()).lessonId, amount: 100 }),
  retryPayout: async () => {
    const tutor = await h.tutor({ price25: 2000 });
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "audit@paid.test" });
    await h.capturedLesson(await h.student(), tutor);
    await h.advance(73 * HOUR);
    const queued = await createPayoutForTutor(h.services, tutor.id, tutor.id);
    if (!queued.created) throw new Error(queued.message);
    return { payoutId: queued.payoutId };
  },
  resolveProblem: async () => {
    const { student, lessonId } = await captured();
    await reportProblem(h.services, student, lessonId, "The tutor left after ten minutes");
    return { lessonId, resolution: { decision: "RELEASE" } };
  },
  resolveAlert: async () => {
    const alertId = randomUUID();
    await h.t.db.alert.create({
      data: {
        id: alertId,
        type: "PAYOUT_FAILED",
        severity: "WARNING",
        subjectType: "PAYOUT",
        subjectId: randomUUID(),
        message: "m",
        openedAt: h.services.now(),
      },
    });
    return { alertId };
  },
  cancelDestinationChange: async () => {
    const tutor = await h.tutor();
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "before@paid.test" });
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "after@evil.test" });
    const change = await h.t.db.payoutDestinationChange.findFirstOrThrow({ where: { tutorId: tutor.id, destination: "after@evil.test" } });
    return { changeId: change.id };
  },
  resolveDiscrepancy: async () => {
    const discrepancyId = randomUUID();
    await h.t.db.discrepancy.create({
      data: {
        id: discrepancyId,
        kind: "PROVIDER_ONLY",
        subjectType: "PAYMENT_INTENT",
        subjectId: `pi_${randomUUID().slice(0, 8)}`,
        message: "m",
        firstSeenAt: h.services.now(),
        lastSeenAt: h.services.now(),
      },
    });
    return { discrepancyId };
  },
  reconcileNow: async () => ({}),
  submitDisputeEvidence: async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 1250 });
    const lessonId = await h.book(student, tutor, HOUR, { card: DISPUTE_CARD });
    await h.advance(HOUR);
    await act(h.services, student, lessonId, "JOIN");
    await act(h.services, tutor, lessonId, "JOIN");
    await h.advance(41 * MIN);
    await finalizeTick(h.services, {});
    const { providerPaymentIntentId } = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId } });
    await events.refresh();
    for (const e of events.about(providerPaymentIntentId!).filter((e) => e.type.startsWith("charge.dispute."))) {
      await deliver(h.services, e);
    }
    expect(await h.t.db.dispute.count({ where: { lessonId } })).toBe(1);
    return { lessonId };
  },
} satisfies Record<NamesOf<"mutation">, Setup>;

const READS: readonly NamesOf<"query">[] = [
  "lesson",
  "overview",
  "queue",
  "lessonMoney",
  "lessons",
  "payoutList",
  "audit",
  "auditFacets",
  "invariants",
  "destinationChanges",
  "discrepancies",
];

const procedures = adminRouter._def.procedures as Record<string, { _def: { type: string } }>;

describe("the admin router's procedures", () => {
  it("are each listed here: every mutation with its audit case, every query as a read", () => {
    const mutations = Object.keys(procedures).filter((name) => procedures[name]!._def.type !== "query");
    const queries = Object.keys(procedures).filter((name) => procedures[name]!._def.type === "query");
    expect(mutations.sort()).toEqual(Object.keys(MUTATIONS).sort());
    expect(queries.sort()).toEqual([...READS].sort());
  });

  it("outside the admin router, admin-only procedures only read", () => {
    const routers = path.join(import.meta.dirname, "..");
    const elsewhere = readdirSync(routers, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "admin")
      .flatMap((d) => {
        const file = path.join(routers, d.name, "_router.ts");
        if (!existsSync(file)) return [];
        const source = readFileSync(file, "utf8");
        return [...source.matchAll(/(\w+):\s*adminProcedure[\s\S]*?\.(query|mutation|subscription)\(/g)].map((m) => [
          `${d.name}.${m[1]}`,
          m[2],
        ]);
      });
    expect(elsewhere.length).toBeGreaterThan(0); // the scan finds them (video.evidence today)
    expect(elsewhere.filter(([, type]) => type !== "query")).toEqual([]);
  });

  it.each(Object.keys(MUTATIONS) as (keyof typeof MUTATIONS)[])(
    "%s is audited as the calling admin with the reason given",
    async (name) => {
      const reason = `table test: ${name} because the tutor asked`;
      const input = await (MUTATIONS[name] as Setup)();
      const before = new Set((await h.t.db.auditEvent.findMany({ select: { id: true } })).map((e) => e.id));
      const callers = trpcCaller(h.services, admin).admin as unknown as Record<string, (input: Input) => Promise<unknown>>;
      await callers[name]!({ ...input, reason });
      const written = (await h.t.db.auditEvent.findMany({ orderBy: { at: "asc" } })).filter((e) => !before.has(e.id));
      // the admin's own record of the act, with their words
      expect(written.filter((e) => e.actorType === "ADMIN").map((e) => [e.actorId, e.reason])).toContainEqual([admin.id, reason]);
      // nothing the admin did is attributed to anyone else: no tutor or student, no other admin
      for (const e of written) {
        expect(["ADMIN", "WORKER", "WEBHOOK", "CRON", "OPS"], `${e.action} by ${e.actorType}`).toContain(e.actorType);
        if (e.actorType === "ADMIN") expect(e.actorId, e.action).toBe(admin.id);
      }
    },
  );
});
