// Status values the admin filters offer (the Prisma enums' values, importable by the browser).
export const LESSON_STATUS_VALUES = ["SCHEDULED", "IN_PROGRESS", "ENDED_EARLY", "COMPLETED", "CANCELLED", "NO_SHOW"] as const;
export const PAYMENT_STATUS_VALUES = [
  "AWAITING_AUTHORIZATION",
  "AUTHORIZED",
  "CAPTURED",
  "PARTIALLY_REFUNDED",
  "REFUNDED",
  "VOIDED",
  "EXPIRED",
  "FAILED",
] as const;
export const PAYOUT_STATUS_VALUES = ["QUEUED", "SENDING", "UNKNOWN", "SENT", "PAID", "FAILED", "RETURNED"] as const;
