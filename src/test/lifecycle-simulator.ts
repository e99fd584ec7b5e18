import "server-only";
// A small world for property tests: the pure lifecycle plus a toy payment provider (idempotency keys that replay
// stored results, errors included), an operation outbox with a worker that can perform without recording (a crash),
// and a webhook inbox that duplicates and reorders. It plays the role applyCommand and the worker play in production,
// so random interleavings can be checked for the money properties without a database.

import type { Command, LessonState, OperationKind, TransitionOutcome } from "~/server/lifecycle/types";
import type { Policy } from "~/server/lifecycle/policy";
import { canMove } from "~/server/lifecycle/graph";
import { transition } from "~/server/lifecycle/transition";
import { naturalActor } from "./lifecycle-fixtures";
import { CAPTURED_PAYMENT_STATUSES, isOneOf } from "~/shared/statuses";

export interface SimOperation {
  id: number;
  kind: OperationKind;
  amount: number | null;
  key: string;
  /** the provider's answer once performed; recorded later (or never, if the worker "crashes") */
  result: Command | null;
}

export interface ToyProvider {
  hold: "none" | "authorized" | "captured" | "voided" | "expired";
  capturedAmount: number;
  refunded: number;
  captures: number;
  voids: number;
  authorizations: number;
  byKey: Map<string, Command>;
}

export interface World {
  state: LessonState;
  now: number;
  live: SimOperation[];
  inbox: Command[];
  provider: ToyProvider;
  nextOpId: number;
  /** every problem found while stepping; a property asserts it stays empty */
  violations: string[];
  applied: { command: Command; at: number; outcome: TransitionOutcome }[];
}

export function createWorld(initial: TransitionOutcome, now: number): World {
  if (!initial.ok) throw new Error(`booking rejected: ${initial.message}`);
  const world: World = {
    state: initial.next,
    now,
    live: [],
    inbox: [],
    provider: { hold: "none", capturedAmount: 0, refunded: 0, captures: 0, voids: 0, authorizations: 0, byKey: new Map() },
    nextOpId: 1,
    violations: [],
    applied: [],
  };
  for (const op of initial.operations) {
    world.live.push({ id: world.nextOpId++, kind: op.kind, amount: op.amount, key: op.idempotencyKey, result: null });
  }
  return world;
}

/** applyCommand's role: transition, check the contract, write state and outbox rows. */
export function apply(world: World, command: Command, policy: Readonly<Policy>): TransitionOutcome {
  const before = world.state;
  const outcome = transition(before, command, { now: new Date(world.now), policy, actor: naturalActor(command) });
  world.applied.push({ command, at: world.now, outcome });
  if (!outcome.ok || !outcome.changed) {
    if (outcome.ok && outcome.next !== before) world.violations.push(`${command.type}: no-op returned a new object`);
    return outcome;
  }
  const next = outcome.next;
  const where = `${command.type} at +${world.now - before.lesson.scheduledStart.getTime()}ms`;
  if (next.lesson.status !== before.lesson.status && !canMove("LESSON", before.lesson.status, next.lesson.status, command.type)) {
    world.violations.push(`${where}: lesson ${before.lesson.status} → ${next.lesson.status}`);
  }
  if (next.payment.status !== before.payment.status && !canMove("PAYMENT", before.payment.status, next.payment.status, command.type)) {
    world.violations.push(`${where}: payment ${before.payment.status} → ${next.payment.status}`);
  }
  if (next.lesson.version !== before.lesson.version + 1) world.violations.push(`${where}: version not bumped by one`);
  if (
    isOneOf(CAPTURED_PAYMENT_STATUSES, next.payment.status) &&
    next.payment.platformFee + next.payment.tutorShare !== next.payment.amountCaptured
  ) {
    world.violations.push(`${where}: fee + share ≠ captured`);
  }
  if (next.payment.amountRefunded > next.payment.amountCaptured) world.violations.push(`${where}: refunded more than captured`);
  for (const op of outcome.operations) {
    if (world.live.some((l) => l.kind === op.kind)) world.violations.push(`${where}: second live ${op.kind}`);
    if (world.live.some((l) => l.key === op.idempotencyKey) || world.provider.byKey.has(op.idempotencyKey)) {
      world.violations.push(`${where}: reused idempotency key ${op.idempotencyKey}`);
    }
    world.live.push({ id: world.nextOpId++, kind: op.kind, amount: op.amount, key: op.idempotencyKey, result: null });
  }
  const kinds = world.live.map((l) => l.kind);
  if (kinds.includes("CAPTURE") && kinds.includes("VOID")) world.violations.push(`${where}: capture and void live together`);
  world.state = { ...next, liveOperations: world.live.map((l) => ({ kind: l.kind, amount: l.amount })) };
  return outcome;
}

/** The provider: one hold, idempotent per key (a replayed key returns the stored answer, failures included). */
export function perform(world: World, op: SimOperation, options: { fail: boolean }): Command {
  const p = world.provider;
  const stored = p.byKey.get(op.key);
  if (stored) return stored;
  let result: Command;
  const expiredOrVoided = p.hold === "expired" || p.hold === "voided";
  switch (op.kind) {
    case "AUTHORIZE":
      if (options.fail) result = { type: "AUTHORIZATION_FAILED", code: "card_declined", message: "Your card was declined." };
      else {
        if (p.hold === "none") {
          p.hold = "authorized";
          p.authorizations += 1;
        }
        result = { type: "AUTHORIZATION_SUCCEEDED", paymentIntentId: "pi_sim", captureBefore: new Date(world.now + 7 * 86_400_000) };
      }
      break;
    case "CAPTURE":
      if (p.hold === "captured")
        result = { type: "CAPTURE_SUCCEEDED", amountCaptured: p.capturedAmount }; // already captured: converge
      else if (expiredOrVoided)
        result = { type: "AUTHORIZATION_EXPIRED" }; // the hold is gone
      else if (p.hold === "none") result = { type: "CAPTURE_FAILED", code: "payment_intent_unexpected_state", message: "no hold" };
      else if (options.fail) result = { type: "CAPTURE_FAILED", code: "api_error", message: "transient" };
      else {
        p.hold = "captured";
        p.capturedAmount = op.amount ?? 0;
        p.captures += 1;
        result = { type: "CAPTURE_SUCCEEDED", amountCaptured: p.capturedAmount };
      }
      break;
    case "VOID":
      if (p.hold === "captured") {
        world.violations.push("a void reached the provider after the capture");
        result = { type: "CAPTURE_SUCCEEDED", amountCaptured: p.capturedAmount };
      } else {
        if (p.hold === "authorized") {
          p.hold = "voided";
          p.voids += 1;
        }
        result = { type: "VOID_SUCCEEDED" };
      }
      break;
    case "REFUND": {
      const amount = op.amount ?? 0;
      if (p.hold !== "captured" || p.refunded + amount > p.capturedAmount) {
        world.violations.push(`refund of ${amount} not possible at the provider (refunded ${p.refunded} of ${p.capturedAmount})`);
      }
      p.refunded += amount;
      result = { type: "REFUND_SUCCEEDED", amount, totalRefunded: p.refunded };
      break;
    }
    case "DISPUTE_EVIDENCE":
      throw new Error("the simulator does not model disputes (its commands never request evidence)");
  }
  p.byKey.set(op.key, result);
  return result;
}

/** The worker records an outcome: the operation leaves the outbox in the same transaction as the command. */
export function record(world: World, op: SimOperation, policy: Readonly<Policy>): void {
  if (!op.result) return;
  world.live = world.live.filter((l) => l.id !== op.id);
  world.state = { ...world.state, liveOperations: world.live.map((l) => ({ kind: l.kind, amount: l.amount })) };
  apply(world, op.result, policy);
}

/** Run every operation to completion, deliver every webhook, and let the crons settle: what eventually happens. */
export function drain(world: World, policy: Readonly<Policy>, dueAt: number): void {
  world.now = Math.max(world.now, dueAt) + 60_000;
  for (let round = 0; round < 40; round += 1) {
    for (const event of world.inbox.splice(0)) apply(world, event, policy);
    for (const cron of [{ type: "AUTHORIZE_SCHEDULED" }, { type: "FINALIZE" }, { type: "SWEEP" }] as const) {
      apply(world, cron, policy);
    }
    for (const op of [...world.live]) {
      // early rounds still fail some captures so retries are exercised; later ones succeed so the run terminates
      op.result ??= perform(world, op, { fail: op.kind === "CAPTURE" && round < 2 && op.id % 2 === 0 });
      record(world, op, policy);
    }
    world.now += 15 * 60_000;
    if (world.live.length === 0 && world.inbox.length === 0 && round > 2) break;
  }
}
