import "server-only";
import type { NotificationKind } from "./kinds";

export type NotificationChannel = "EMAIL" | "IN_APP" | "SLACK";

/** A JSON value the message is rendered from: ids, integer minor units, ISO instants, codes. Never formatted text. */
export type FactValue = string | number | boolean | null;
export type Facts = Record<string, FactValue>;

/** One message about one event to one recipient; the writer turns it into a row per channel. */
export interface NotificationRequest {
  kind: NotificationKind;
  /** what happened, unique per occurrence, e.g. `lesson:<id>:booked`; with recipient and channel it is the row's key */
  event: string;
  /** the person; null for the Slack-compatible webhook */
  userId: string | null;
  /**
   * An email address that is not the person's account email (a payout destination being replaced): the message goes
   * there only (no in-app entry), in the person's zone and locale.
   */
  toAddress?: string | null;
  lessonId?: string | null;
  facts: Facts;
  /** send no earlier than this (a reminder); default: now */
  sendAt?: Date;
  /** default: EMAIL and IN_APP */
  channels?: readonly NotificationChannel[];
  /** rows with one group key are sent together, at most once per digest window (alerts) */
  groupKey?: string | null;
}

export function notificationKey(event: string, userId: string | null, channel: NotificationChannel, toAddress?: string | null): string {
  const base = `${event}:${userId ?? "webhook"}:${channel}`;
  return toAddress ? `${base}:to:${toAddress}` : base;
}
