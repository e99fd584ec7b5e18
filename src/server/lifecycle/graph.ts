import "server-only";
// The one list of status moves the lifecycle may make, each labelled with the commands that make it.
// `transition` asserts every move it makes against this list (status AND command), and docs/lifecycle.md is
// rendered from it, so the diagram cannot drift from the code. Both graphs are acyclic apart from the
// PARTIALLY_REFUNDED self-loop, which is what "a status never moves backwards" means here.

import { isOneOf, LESSON_STATUSES, PAYMENT_STATUSES, TERMINAL_LESSON_STATUSES } from "~/shared/statuses";
import type { CommandType, LessonStatus, PaymentStatus } from "./types";
import type { Policy } from "./policy";
import { defaultPolicy } from "./policy";

export interface Edge<S extends string> {
  from: S;
  to: S;
  via: readonly CommandType[];
}

/** Commands that settle a lesson by the finalize rules (the cron, the sweep's safety net, an admin capture after the end). */
const FINALIZERS = ["FINALIZE", "SWEEP", "ADMIN_CAPTURE"] as const satisfies readonly CommandType[];

export const LESSON_EDGES: readonly Edge<LessonStatus>[] = [
  { from: "SCHEDULED", to: "IN_PROGRESS", via: ["JOIN"] },
  // Both joined but were never present at the same moment: still a lesson that took place.
  { from: "SCHEDULED", to: "COMPLETED", via: FINALIZERS },
  { from: "SCHEDULED", to: "NO_SHOW", via: FINALIZERS },
  {
    from: "SCHEDULED",
    to: "CANCELLED",
    via: ["CANCEL", ...FINALIZERS, "ADMIN_VOID", "AUTHORIZE_SCHEDULED", "AUTHORIZATION_FAILED"],
  },
  { from: "IN_PROGRESS", to: "ENDED_EARLY", via: ["END_CALL"] },
  { from: "IN_PROGRESS", to: "COMPLETED", via: ["END_CALL", ...FINALIZERS] },
  { from: "IN_PROGRESS", to: "CANCELLED", via: ["ADMIN_VOID", "AUTHORIZATION_FAILED"] },
  { from: "ENDED_EARLY", to: "COMPLETED", via: FINALIZERS },
  { from: "ENDED_EARLY", to: "CANCELLED", via: ["ADMIN_VOID", "AUTHORIZATION_FAILED"] },
];

/** Commands whose settlement can release a hold that was never placed (payment goes straight to VOIDED). */
const SETTLERS = ["CANCEL", "END_CALL", "FINALIZE", "SWEEP", "ADMIN_VOID"] as const satisfies readonly CommandType[];

export const PAYMENT_EDGES: readonly Edge<PaymentStatus>[] = [
  { from: "AWAITING_AUTHORIZATION", to: "AUTHORIZED", via: ["AUTHORIZATION_SUCCEEDED"] },
  { from: "AWAITING_AUTHORIZATION", to: "FAILED", via: ["AUTHORIZATION_FAILED", "AUTHORIZE_SCHEDULED"] },
  { from: "AWAITING_AUTHORIZATION", to: "VOIDED", via: SETTLERS },
  { from: "AUTHORIZED", to: "CAPTURED", via: ["CAPTURE_SUCCEEDED"] },
  { from: "AUTHORIZED", to: "VOIDED", via: ["VOID_SUCCEEDED"] },
  { from: "AUTHORIZED", to: "EXPIRED", via: ["AUTHORIZATION_EXPIRED"] },
  { from: "CAPTURED", to: "PARTIALLY_REFUNDED", via: ["REFUND_SUCCEEDED"] },
  { from: "CAPTURED", to: "REFUNDED", via: ["REFUND_SUCCEEDED"] },
  { from: "PARTIALLY_REFUNDED", to: "PARTIALLY_REFUNDED", via: ["REFUND_SUCCEEDED"] },
  { from: "PARTIALLY_REFUNDED", to: "REFUNDED", via: ["REFUND_SUCCEEDED"] },
];

export function isTerminalLesson(status: LessonStatus): boolean {
  return isOneOf(TERMINAL_LESSON_STATUSES, status);
}

/** The statuses no move leaves: where a lesson or payment ends up. */
export function sinks<S extends string>(edges: readonly Edge<S>[], statuses: readonly S[]): S[] {
  return statuses.filter((s) => !edges.some((e) => e.from === s));
}

export type Subject = "LESSON" | "PAYMENT";

function edgesOf(subject: Subject): readonly Edge<string>[] {
  return subject === "LESSON" ? LESSON_EDGES : PAYMENT_EDGES;
}

/**
 * Whether `from → to` is an allowed move (optionally: made by `via`). Staying put is not a move and is only allowed
 * where the graph has a self-loop.
 */
export function canMove(subject: "LESSON", from: LessonStatus, to: LessonStatus, via?: CommandType): boolean;
export function canMove(subject: "PAYMENT", from: PaymentStatus, to: PaymentStatus, via?: CommandType): boolean;
export function canMove(subject: Subject, from: string, to: string, via?: CommandType): boolean {
  return edgesOf(subject).some((e) => e.from === from && e.to === to && (via === undefined || e.via.includes(via)));
}

// ---------------------------------------------------------------------------------------------------------------
// docs/lifecycle.md

function mermaidBlock(edges: readonly Edge<string>[], statuses: readonly string[], initial: string, terminal: readonly string[]): string {
  const lines = ["```mermaid", "stateDiagram-v2", `  [*] --> ${initial} : book`];
  for (const status of statuses) {
    for (const edge of edges.filter((e) => e.from === status)) {
      lines.push(`  ${edge.from} --> ${edge.to} : ${edge.via.join(", ")}`);
    }
  }
  for (const status of terminal) lines.push(`  ${status} --> [*]`);
  lines.push("```");
  return lines.join("\n");
}

function humanDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "min"],
    [1000, "s"],
  ];
  for (const [size, unit] of units) {
    if (ms >= size && ms % size === 0) {
      // Hours read better than days up to 72 h: the rule table speaks of "48 h" and "72 h".
      if (unit === "d" && ms / size <= 3) continue;
      return `${ms / size} ${unit}`;
    }
  }
  return `${ms} ms`;
}

function policyRows(policy: Readonly<Policy>): [string, string, string][] {
  const bps = (value: number) => `${value} bps (${value / 100} %)`;
  const ms = (value: number) => `${humanDuration(value)} (${value} ms)`;
  const minutes = (value: number) => `every ${value} min`;
  return [
    ["platformFeeBps", bps(policy.platformFeeBps), "fee = captured × bps / 10000, half-up; tutor gets the rest"],
    [
      "joinWindowOpensBeforeStartMs",
      ms(policy.joinWindowOpensBeforeStartMs),
      "the room opens this long before the start and closes at the scheduled end",
    ],
    ["finalizeGraceMs", ms(policy.finalizeGraceMs), "FINALIZE is accepted from the scheduled end plus this"],
    ["studentNoShowCaptureBps", bps(policy.studentNoShowCaptureBps), "captured when only the tutor joined"],
    [
      "lateCancelCaptureBps",
      bps(policy.lateCancelCaptureBps),
      "captured when the student cancels with less notice than freeCancellationNoticeMs",
    ],
    ["freeCancellationNoticeMs", ms(policy.freeCancellationNoticeMs), "cancelling at least this long before the start is free"],
    ["authorizationHorizonMs", ms(policy.authorizationHorizonMs), "authorize at booking only if scheduled end + grace is within this"],
    ["scheduledAuthorizationLeadMs", ms(policy.scheduledAuthorizationLeadMs), "otherwise authorize off-session this long before the start"],
    [
      "authorizationRetryIntervalMs",
      ms(policy.authorizationRetryIntervalMs),
      "retry a declined off-session authorization after this; the last retry lands on the give-up point",
    ],
    [
      "authorizationGiveUpBeforeStartMs",
      ms(policy.authorizationGiveUpBeforeStartMs),
      "the last authorization attempt is at start minus this; if none succeeded → payment FAILED, lesson CANCELLED",
    ],
    ["captureDeadlineWarningMs", ms(policy.captureDeadlineWarningMs), "alert when an uncaptured hold is this close to captureBefore"],
    ["problemReportWindowMs", ms(policy.problemReportWindowMs), "students may report a problem until the scheduled end plus this"],
    ["earningsHoldMs", ms(policy.earningsHoldMs), "earnings become available at the scheduled end plus this, unless held"],
    ["payoutMinimums.STRIPE", `${policy.payoutMinimums.STRIPE} minor units`, "smallest Stripe Connect transfer"],
    ["payoutMinimums.PAYPAL", `${policy.payoutMinimums.PAYPAL} minor units`, "smallest PayPal payout"],
    ["finalizeIntervalMinutes", minutes(policy.finalizeIntervalMinutes), "finalize cron"],
    ["orphanSweepIntervalMinutes", minutes(policy.orphanSweepIntervalMinutes), "orphan sweep cron, no time window"],
    ["payoutIntervalMinutes", minutes(policy.payoutIntervalMinutes), "payout run"],
    ["operationRetry.baseMs", ms(policy.operationRetry.baseMs), "first retry delay of a payment operation, doubling"],
    ["operationRetry.maxMs", ms(policy.operationRetry.maxMs), "longest retry delay"],
    ["operationRetry.alertAfterAttempts", String(policy.operationRetry.alertAfterAttempts), "alert after this many failed attempts"],
    ["allowedDurations", policy.allowedDurations.map((d) => `${d} min`).join(", "), "lesson lengths that can be booked"],
    ["maxUpcomingLessonsPerStudent", `${policy.maxUpcomingLessonsPerStudent} lessons`, "booked and not yet over, per student"],
    [
      "maxUnheldLessonsPerStudent",
      `${policy.maxUnheldLessonsPerStudent} lessons`,
      "booked far ahead with the card saved but not held, per student",
    ],
    [
      "payoutDestinationCoolOffMs",
      ms(policy.payoutDestinationCoolOffMs),
      "no payout for this long after a payout destination is set or replaced",
    ],
    ["maxWeeklyLessonsWithTutor", `${policy.maxWeeklyLessonsWithTutor} lessons`, "between one student and one tutor in any 7 days"],
  ];
}

/** The full text of docs/lifecycle.md. Regenerate with `npx tsx scripts/render-lifecycle-doc.ts`. */
export function renderLifecycleMermaid(policy: Readonly<Policy> = defaultPolicy): string {
  const sections = [
    "# Lesson and payment lifecycle",
    "",
    "<!-- Generated from src/server/lifecycle/graph.ts and policy.ts by `npx tsx scripts/render-lifecycle-doc.ts`. Do not edit by hand. -->",
    "",
    "Every status change goes through `transition()` (src/server/lifecycle/transition.ts), which asserts each move",
    "against the edges below. Edge labels are the commands that can make the move. A command that would move a status",
    "anywhere else is a no-op or a rejection; a status never moves backwards.",
    "",
    "## Lesson",
    "",
    mermaidBlock(LESSON_EDGES, LESSON_STATUSES, "SCHEDULED", TERMINAL_LESSON_STATUSES),
    "",
    "`JOIN`, `LEAVE` and the provider outcomes also record times and facts without moving the status.",
    "",
    "## Payment",
    "",
    mermaidBlock(PAYMENT_EDGES, PAYMENT_STATUSES, "AWAITING_AUTHORIZATION", sinks(PAYMENT_EDGES, PAYMENT_STATUSES)),
    "",
    "Capture, void, refund and authorization requests are payment operations (the outbox); the payment status only",
    "moves when the provider's outcome is recorded.",
    "",
    "## Policy (defaultPolicy)",
    "",
    "| setting | value | meaning |",
    "|---|---|---|",
    ...policyRows(policy).map(([name, value, meaning]) => `| \`${name}\` | ${value} | ${meaning} |`),
    "",
  ];
  return sections.join("\n");
}
