import "server-only";
// Every message the product sends, the category a person may (or may not) turn off, and who receives it.

/** Categories a person can turn off. Everything else is transactional (receipts, money, security) and always goes. */
export const OPTIONAL_CATEGORIES = ["reminders", "marketing"] as const;
export type OptionalCategory = (typeof OPTIONAL_CATEGORIES)[number];
/** Categories that always go: what happened to a lesson, to money, to the account, and admins' CRITICAL alerts. */
export const TRANSACTIONAL_CATEGORIES = ["lessons", "receipts", "payouts", "security", "alerts"] as const;
export type NotificationCategory = OptionalCategory | (typeof TRANSACTIONAL_CATEGORIES)[number];

export const NOTIFICATION_KINDS = {
  // student
  booking_confirmed: "lessons",
  lesson_reminder: "reminders",
  lesson_ended_early: "lessons",
  lesson_receipt: "receipts",
  lesson_refund: "receipts",
  problem_received: "lessons",
  problem_resolved: "receipts",
  // both sides
  lesson_cancelled: "lessons",
  // tutor
  new_booking: "lessons",
  lesson_settled: "payouts",
  payout_sent: "payouts",
  payout_paid: "payouts",
  payout_failed: "payouts",
  payout_returned: "payouts",
  payout_destination_changed: "security",
  /** to the PayPal address a change replaces (not the account's email) */
  payout_destination_replaced: "security",
  // admins
  critical_alert: "alerts",
} as const satisfies Record<string, NotificationCategory>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export function categoryOf(kind: NotificationKind): NotificationCategory {
  return NOTIFICATION_KINDS[kind];
}

export function isOptionalCategory(category: string): category is OptionalCategory {
  return (OPTIONAL_CATEGORIES as readonly string[]).includes(category);
}

export function isNotificationKind(kind: string): kind is NotificationKind {
  return kind in NOTIFICATION_KINDS;
}

export function isNotificationCategory(category: string): category is NotificationCategory {
  return isOptionalCategory(category) || (TRANSACTIONAL_CATEGORIES as readonly string[]).includes(category);
}
