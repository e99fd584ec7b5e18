import "server-only";
// How many requests one user and one address may make. The numbers leave room for a person clicking fast and for a
// school or office behind one address, and stop a script. Shared by every instance: the counters are rows in PostgreSQL.

export interface Bucket {
  /** requests allowed per window */
  points: number;
  /** the window, in seconds */
  durationSeconds: number;
}

export interface RequestLimits {
  /** any mutation, per signed-in user */
  mutationPerUser: Bucket;
  /** any mutation, per client address (signed in or not) */
  mutationPerAddress: Bucket;
  /** queries that read many rows or compute slots, per user (or per address when signed out) */
  expensiveQueryPerUser: Bucket;
  /** the same queries per address */
  expensiveQueryPerAddress: Bucket;
  /** the call's signalling (polled about once a second by both participants), per user */
  signallingPerUser: Bucket;
}

export const DEFAULT_REQUEST_LIMITS: Readonly<RequestLimits> = Object.freeze({
  mutationPerUser: { points: 60, durationSeconds: 60 },
  mutationPerAddress: { points: 300, durationSeconds: 60 },
  expensiveQueryPerUser: { points: 60, durationSeconds: 60 },
  expensiveQueryPerAddress: { points: 300, durationSeconds: 60 },
  signallingPerUser: { points: 600, durationSeconds: 60 },
});

/** Queries that cost more than a row lookup: the public directory, slot computation, the admin's lists and search. */
export const EXPENSIVE_QUERIES: ReadonlySet<string> = new Set([
  "tutor.list",
  "tutor.get",
  "availability.slots",
  "admin.lessons",
  "admin.audit",
  "admin.auditFacets",
  "admin.queue",
  "admin.overview",
  "admin.invariants",
  "admin.payoutList",
]);

export type RequestKind = "mutation" | "expensive-query" | "signalling" | "unlimited";

/** Which budget a tRPC call spends. */
export function requestKind(path: string, type: "query" | "mutation" | "subscription"): RequestKind {
  if (path.startsWith("video.")) return "signalling";
  if (type === "mutation") return "mutation";
  return EXPENSIVE_QUERIES.has(path) ? "expensive-query" : "unlimited";
}

/** "42 seconds", "3 minutes": a wait a person can read. */
export function waitInWords(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 90) return `${s} second${s === 1 ? "" : "s"}`;
  const m = Math.ceil(s / 60);
  return `${m} minute${m === 1 ? "" : "s"}`;
}
