import "server-only";
import type { Env } from "~/env";
import { type Mailer, smtpMailer, unconfiguredMailer } from "./mailer";

/** What the notification worker sends with. Part of Services (services.notify). */
export interface NotifyConfig {
  mailer: Mailer;
  /** the From: of every message, e.g. "LessonPay <no-reply@lessonpay.example>" */
  from: string;
  /** links in messages point here */
  appUrl: string;
  /** signs unsubscribe links (the auth secret) */
  signingSecret: string;
  /** the Slack-compatible incoming webhook for CRITICAL alerts; null: none */
  slackWebhookUrl: string | null;
}

export function notifyConfigFromEnv(e: Env): NotifyConfig {
  return {
    mailer: e.SMTP_URL ? smtpMailer(e.SMTP_URL, { inboxUrl: e.MAIL_INBOX_URL ?? null }) : unconfiguredMailer(),
    from: e.MAIL_FROM,
    appUrl: e.APP_URL.replace(/\/$/, ""),
    signingSecret: e.BETTER_AUTH_SECRET,
    slackWebhookUrl: e.SLACK_WEBHOOK_URL ?? null,
  };
}

/** The domain of the From: address, used in Message-IDs and calendar UIDs. */
export function mailDomain(from: string): string {
  return /@([^>\s]+)/.exec(from)?.[1] ?? "lessonpay.local";
}
