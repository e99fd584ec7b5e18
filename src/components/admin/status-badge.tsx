import { humanize } from "./wording";

const TONES: Record<string, string> = {
  // lessons
  SCHEDULED: "info",
  IN_PROGRESS: "info",
  ENDED_EARLY: "warn",
  COMPLETED: "ok",
  CANCELLED: "muted",
  NO_SHOW: "warn",
  // payments
  AWAITING_AUTHORIZATION: "info",
  AUTHORIZED: "info",
  CAPTURED: "ok",
  PARTIALLY_REFUNDED: "warn",
  REFUNDED: "muted",
  VOIDED: "muted",
  EXPIRED: "danger",
  FAILED: "danger",
  // payouts and operations
  QUEUED: "info",
  SENDING: "info",
  UNKNOWN: "warn",
  SENT: "info",
  PAID: "ok",
  RETURNED: "danger",
  PENDING: "info",
  IN_FLIGHT: "info",
  SUCCEEDED: "ok",
  OPEN: "warn",
  CRITICAL: "danger",
  WARNING: "warn",
  INFO: "info",
};

/** A status as a coloured badge with its words (the colour is never the only signal). */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span className={`badge ${TONES[status] ?? "muted"}`}>{label ?? humanize(status)}</span>;
}
