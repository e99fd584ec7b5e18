import "server-only";
// What every step of a reconciliation pass shares: the services, the run it belongs to, the window, and its tally.
import type { Services } from "~/server/services";

export interface Tally {
  providerCalls: number;
  objectsSeen: number;
  rowsChecked: number;
  opened: number;
  resolved: number;
  repaired: number;
}

export const emptyTally = (): Tally => ({ providerCalls: 0, objectsSeen: 0, rowsChecked: 0, opened: 0, resolved: 0, repaired: 0 });

export interface Pass {
  services: Services;
  runId: string;
  /** when the pass began: objects seen since then are the ones the provider has now */
  startedAt: Date;
  /** provider objects (and our rows) created at or after this instant are compared */
  since: Date;
  tally: Tally;
}

/** One step's answer: the cursor to resume from, or done with this phase. */
export type StepResult = { done: false; after: string } | { done: true };

export const RECONCILE_ACTOR = { type: "CRON" as const, id: "reconciliation" };
