import "server-only";
// Stable codes for every refusal the lifecycle can give. The message is for the person who acted (student, tutor,
// admin, engineer) and says what to do next; the code is for callers mapping to HTTP/tRPC errors and for tests.

import type { Rejection } from "./types";

export const REJECTION_CODES = [
  // booking
  "START_IN_PAST",
  "DURATION_NOT_ALLOWED",
  "END_MISMATCH",
  "INVALID_PRICE",
  "INVALID_CURRENCY",
  // participants
  "JOIN_WINDOW_NOT_OPEN",
  "JOIN_WINDOW_CLOSED",
  "CALL_NOT_STARTED",
  "ALREADY_STARTED",
  // cron
  "NOT_DUE",
  // admin
  "LESSON_NOT_OVER",
  "NOT_AUTHORIZED_YET",
  "AUTHORIZATION_GONE",
  "ALREADY_CAPTURED",
  "CAPTURE_IN_PROGRESS",
  "VOID_IN_PROGRESS",
  "REFUND_IN_PROGRESS",
  "INVALID_AMOUNT",
  "NOT_CAPTURED",
  "NOTHING_TO_REFUND",
  "REASON_REQUIRED",
  // disputes
  "NO_DISPUTE",
  "DISPUTE_NOT_AWAITING_EVIDENCE",
  "DISPUTE_BEFORE_CAPTURE",
  "CHARGE_DISPUTED",
  // anyone
  "ACTOR_NOT_ALLOWED",
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export function reject(code: RejectionCode, message: string): Rejection {
  return { ok: false, code, message };
}

/**
 * Instants inside audit metadata (data, read by code and the CSV) are ISO 8601 UTC. Inside a message they are
 * instantToken()s instead (~/shared/message-tokens), which each reader's page renders in their own zone.
 */
export function iso(date: Date): string {
  return date.toISOString();
}
