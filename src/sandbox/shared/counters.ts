/** Increments `record[key]` (records are plain objects so they serialize as JSON). */
export function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

/** The counters every sandbox keeps besides its provider's own (read through the control plane). */
export interface SandboxCounters {
  /** Requests seen per "METHOD /route/template" (faulted and rate-limited ones included). */
  requests: Record<string, number>;
  rateLimited: number;
  /** The most requests the rate limit let through in one rolling second since it was last set (or reset). */
  busiestSecond: number;
  faultsInjected: Record<string, number>;
  webhookAttempts: { total: number; succeeded: number; failed: number };
}

export function emptySandboxCounters(): SandboxCounters {
  return { requests: {}, rateLimited: 0, busiestSecond: 0, faultsInjected: {}, webhookAttempts: { total: 0, succeeded: 0, failed: 0 } };
}
