import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { defaultPolicy } from "./policy";
import { planBooking } from "./booking";
import { isTerminalLesson } from "./graph";
import { percentOf, splitFee } from "../money";
import { apply, createWorld, drain, perform, record, type World } from "~/test/lifecycle-simulator";
import type { Command, Participant } from "./types";

// Random command sequences at random times against the pure lifecycle, with a toy provider, a crashing worker and
// a webhook inbox that duplicates and reorders. Properties: statuses never regress, at most one capture is ever
// live, the provider captures at most once, and once everything settles a lesson that should be charged is captured
// exactly once for the right amount (and one that should not is never captured).

const policy = defaultPolicy;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const BOOKED_AT = Date.parse("2030-03-01T12:00:00.000Z");
const RUNS = 300;

const participant = fc.constantFrom<Participant>("STUDENT", "TUTOR");
// When an action happens, relative to the scheduled start. Mostly the moments the rules hinge on (24 h notice, the
// join window, the end of a 25- or 50-minute lesson, the grace edge), with a millisecond either side, plus anywhere.
const RULE_POINTS = [-48 * HOUR, -24 * HOUR, -15 * MIN, 0, 25 * MIN, 40 * MIN, 50 * MIN, 65 * MIN];
const when = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...RULE_POINTS), fc.constantFrom(-1, 0, 0, 1)).map(([p, e]) => p + e) },
  { weight: 6, arbitrary: fc.integer({ min: -20 * MIN, max: 70 * MIN }) },
  { weight: 1, arbitrary: fc.integer({ min: -3 * DAY, max: 2 * DAY }) },
);

// Joins weigh more so that lessons actually take place; a cancel or an early finalize ends most runs quickly.
const humanOrCron = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant("JOIN" as const), by: participant }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("LEAVE" as const), by: participant }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("END_CALL" as const), by: participant }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("CANCEL" as const), by: participant }) },
  { weight: 2, arbitrary: fc.constant({ type: "FINALIZE" as const }) },
  { weight: 2, arbitrary: fc.constant({ type: "SWEEP" as const }) },
  { weight: 1, arbitrary: fc.constant({ type: "AUTHORIZE_SCHEDULED" as const }) },
);
const admin = fc.oneof(
  fc.record({
    type: fc.constant("ADMIN_CAPTURE" as const),
    reason: fc.constant("test"),
    amount: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
  }),
  fc.constant({ type: "ADMIN_VOID" as const, reason: "test" }),
  fc.record({ type: fc.constant("ADMIN_REFUND" as const), reason: fc.constant("test"), amount: fc.integer({ min: 1, max: 500 }) }),
);

type Action =
  | { t: "command"; command: Command; at: number }
  | { t: "perform"; pick: number; fail: boolean; webhooks: number; at: number }
  | { t: "record"; pick: number; at: number }
  | { t: "deliver"; pick: number; keep: boolean; at: number }
  | { t: "expire"; at: number };

function actions(withAdminAndFaults: boolean): fc.Arbitrary<Action[]> {
  const command = withAdminAndFaults ? fc.oneof({ weight: 12, arbitrary: humanOrCron }, { weight: 1, arbitrary: admin }) : humanOrCron;
  const action: fc.Arbitrary<Action> = fc.oneof(
    { weight: 12, arbitrary: fc.record({ t: fc.constant("command" as const), command: command as fc.Arbitrary<Command>, at: when }) },
    {
      weight: 6,
      arbitrary: fc.record({
        t: fc.constant("perform" as const),
        pick: fc.nat(),
        // P2 never declines authorizations (no oracle for off-session give-ups) but capture failures are fine
        fail: fc.nat(3).map((n) => n === 0),
        webhooks: fc.integer({ min: 0, max: 2 }),
        at: when,
      }),
    },
    { weight: 4, arbitrary: fc.record({ t: fc.constant("record" as const), pick: fc.nat(), at: when }) },
    { weight: 4, arbitrary: fc.record({ t: fc.constant("deliver" as const), pick: fc.nat(), keep: fc.boolean(), at: when }) },
    ...(withAdminAndFaults ? [{ weight: 1, arbitrary: fc.record({ t: fc.constant("expire" as const), at: when }) }] : []),
  );
  // the clock only moves forward: actions happen in time order, ties (same millisecond) included
  return fc.array(action, { minLength: 5, maxLength: 80, size: "medium" }).map((list) => [...list].sort((a, b) => a.at - b.at));
}

const lessonShape = (maxStartMs: number) =>
  fc.record({
    startOffset: fc.oneof(fc.integer({ min: 20 * MIN, max: 30 * HOUR }), fc.integer({ min: 20 * MIN, max: maxStartMs })),
    duration: fc.constantFrom(25, 50),
    price: fc.integer({ min: 1, max: 5000 }),
  });

function book(shape: { startOffset: number; duration: number; price: number }): World {
  const start = new Date(BOOKED_AT + shape.startOffset);
  const outcome = planBooking(
    {
      lessonId: "lesson_p",
      paymentId: "pay_p",
      studentId: "student",
      tutorId: "tutor",
      scheduledStart: start,
      scheduledEnd: new Date(start.getTime() + shape.duration * MIN),
      durationMinutes: shape.duration,
      priceAmount: shape.price,
      currency: "USD",
    },
    { now: new Date(BOOKED_AT), policy, actor: { type: "STUDENT", id: "student" } },
  );
  return createWorld(outcome, BOOKED_AT);
}

/** Lets the random actions happen. Commands that the pure function rejects are simply rejections, as in production. */
function play(world: World, list: Action[], allowDeclines: boolean): void {
  const start = world.state.lesson.scheduledStart.getTime();
  for (const action of list) {
    world.now = Math.max(world.now, start + action.at);
    switch (action.t) {
      case "command":
        apply(world, action.command, policy);
        break;
      case "perform": {
        const op = world.live[action.pick % Math.max(1, world.live.length)];
        if (!op) break;
        const fail = action.fail && (op.kind === "CAPTURE" || (allowDeclines && op.kind === "AUTHORIZE"));
        op.result ??= perform(world, op, { fail });
        for (let i = 0; i < action.webhooks; i += 1) world.inbox.push(op.result);
        break;
      }
      case "record": {
        const performed = world.live.filter((op) => op.result !== null);
        const op = performed[action.pick % Math.max(1, performed.length)];
        if (op) record(world, op, policy);
        break;
      }
      case "deliver": {
        const index = action.pick % Math.max(1, world.inbox.length);
        const event = world.inbox[index];
        if (!event) break;
        if (!action.keep) world.inbox.splice(index, 1); // keep = it will be delivered again later
        apply(world, event, policy);
        break;
      }
      case "expire":
        if (world.provider.hold === "authorized") {
          world.provider.hold = "expired";
          world.inbox.push({ type: "AUTHORIZATION_EXPIRED" });
        }
        break;
    }
    const liveCaptures = world.live.filter((op) => op.kind === "CAPTURE").length;
    if (liveCaptures > 1) world.violations.push(`${liveCaptures} captures live at once`);
    if (world.provider.captures > 1) world.violations.push("the provider captured twice");
  }
}

/** An independent reading of docs/domain.md for participant and cron commands: what the student should pay. */
function expectedCharge(world: World): number {
  const { scheduledStart, scheduledEnd, priceAmount } = world.state.lesson;
  const start = scheduledStart.getTime();
  const end = scheduledEnd.getTime();
  const joined = { STUDENT: false, TUTOR: false };
  const present = { STUDENT: false, TUTOR: false };
  let started = false;
  let endedEarly = false;
  const byRules = () =>
    joined.STUDENT && joined.TUTOR ? priceAmount : joined.TUTOR ? percentOf(priceAmount, policy.studentNoShowCaptureBps) : 0;
  for (const { command, at } of world.applied) {
    switch (command.type) {
      case "JOIN":
        if (endedEarly || at < start - 15 * MIN || at >= end) break;
        joined[command.by] = true;
        present[command.by] = true;
        if (present.STUDENT && present.TUTOR) started = true;
        break;
      case "LEAVE":
        present[command.by] = false;
        break;
      case "END_CALL":
        if (!started || endedEarly) break;
        if (at < end) endedEarly = true;
        else return byRules();
        break;
      case "CANCEL":
        if (started || at >= start) break;
        if (command.by === "TUTOR") return 0;
        return start - at >= 24 * HOUR ? 0 : percentOf(priceAmount, policy.lateCancelCaptureBps);
      case "FINALIZE":
      case "SWEEP":
        if (at >= end + 15 * MIN) return byRules();
        break;
      default:
        break;
    }
  }
  throw new Error("the lesson never became terminal in the oracle");
}

function assertSettledTruthfully(world: World): void {
  const { lesson, payment } = world.state;
  const p = world.provider;
  expect(world.violations).toEqual([]);
  expect(isTerminalLesson(lesson.status)).toBe(true);
  expect(world.live).toEqual([]);
  // no hold is ever left hanging once everything has run
  expect(p.hold).not.toBe("authorized");
  if (p.hold === "captured") {
    expect(["CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED"]).toContain(payment.status);
    expect(payment.amountCaptured).toBe(p.capturedAmount);
    expect(payment.platformFee + payment.tutorShare).toBe(payment.amountCaptured);
    expect(splitFee(payment.amountCaptured, policy.platformFeeBps)).toEqual({
      platformFee: payment.platformFee,
      tutorShare: payment.tutorShare,
    });
    expect(payment.amountRefunded).toBe(p.refunded);
  } else if (p.hold === "voided" || p.hold === "expired") {
    expect(["VOIDED", "EXPIRED"]).toContain(payment.status);
  } else {
    expect(["VOIDED", "FAILED"]).toContain(payment.status);
  }
}

describe("lifecycle properties", () => {
  it(`safety under every actor, faults, expiry and webhook chaos (${RUNS} runs): no regression, one capture at most`, () => {
    fc.assert(
      fc.property(lessonShape(12 * DAY), actions(true), (shape, list) => {
        const world = book(shape);
        play(world, list, true);
        expect(world.violations).toEqual([]);
        drain(world, policy, world.state.lesson.scheduledEnd.getTime() + policy.finalizeGraceMs);
        assertSettledTruthfully(world);
        expect(world.provider.captures).toBeLessThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });

  it(`charging (${RUNS} runs): exactly one capture of the amount the rules imply, or none`, () => {
    fc.assert(
      // within the authorization horizon: on-session, so declines and give-ups stay out of the oracle's way
      fc.property(lessonShape(5 * DAY), actions(false), (shape, list) => {
        const world = book(shape);
        expect(world.state.payment.authorizationMode).toBe("ON_SESSION");
        play(world, list, false);
        drain(world, policy, world.state.lesson.scheduledEnd.getTime() + policy.finalizeGraceMs);
        assertSettledTruthfully(world);
        const expected = expectedCharge(world);
        if (expected > 0) {
          expect(world.provider.captures).toBe(1);
          expect(world.provider.capturedAmount).toBe(expected);
          expect(world.state.payment.status).toBe("CAPTURED");
        } else {
          expect(world.provider.captures).toBe(0);
          expect(world.state.payment.status).toBe("VOIDED");
        }
        // every capture operation ever requested carried a distinct key
        const keys = world.applied.flatMap((a) => (a.outcome.ok ? a.outcome.operations.map((o) => o.idempotencyKey) : []));
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: RUNS },
    );
  });

  it("the incident replayed with every interleaving of the late student's end, leave, finalize and sweep", () => {
    const late: Command[] = [
      { type: "END_CALL", by: "STUDENT" },
      { type: "LEAVE", by: "STUDENT" },
      { type: "LEAVE", by: "TUTOR" },
      { type: "FINALIZE" },
      { type: "SWEEP" },
      { type: "END_CALL", by: "TUTOR" },
    ];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(late, { minLength: 1 }),
        fc.array(fc.integer({ min: 0, max: 20 * MIN }), { minLength: 6, maxLength: 6 }),
        (order, gaps) => {
          const world = book({ startOffset: 2 * HOUR, duration: 25, price: 450 });
          const start = world.state.lesson.scheduledStart.getTime();
          const authorize = world.live[0]!;
          authorize.result = perform(world, authorize, { fail: false });
          record(world, authorize, policy);
          world.now = start;
          apply(world, { type: "JOIN", by: "TUTOR" }, policy);
          apply(world, { type: "JOIN", by: "STUDENT" }, policy);
          world.now = start + MIN;
          apply(world, { type: "END_CALL", by: "TUTOR" }, policy);
          expect(world.state.lesson.status).toBe("ENDED_EARLY");
          order.forEach((command, i) => {
            world.now += gaps[i] ?? 0;
            apply(world, command, policy);
          });
          drain(world, policy, start + 40 * MIN);
          assertSettledTruthfully(world);
          expect(world.state.lesson.status).toBe("COMPLETED");
          expect(world.provider.captures).toBe(1);
          expect(world.state.payment).toMatchObject({ amountCaptured: 450, platformFee: 90, tutorShare: 360 });
        },
      ),
      { numRuns: 200 },
    );
  });
});
