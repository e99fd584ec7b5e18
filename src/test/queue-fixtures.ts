// A needs-attention queue item with nothing attached, for tests of the queue's order and wording.
import type { QueueItem } from "~/shared/admin-queue";

export function queueItem(p: Partial<QueueItem> & Pick<QueueItem, "category" | "since">): QueueItem {
  return {
    key: "k",
    severity: "WARNING",
    deadline: null,
    lesson: null,
    operation: null,
    payout: null,
    report: null,
    dispute: null,
    alert: null,
    alerts: [],
    ...p,
  };
}
