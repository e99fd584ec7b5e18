// Tests' mail: a real SMTP server (the catcher) and the services' notify config pointing at it.
import type { NotifyConfig } from "~/server/notifications";
import { smtpMailer } from "~/server/notifications/mailer";
import { MailCatcher } from "~/sandbox/mail-catcher";

export const TEST_SECRET = "test-signing-secret-0000000000000000000000";

/** What tests send with, but the mailer. */
export const TEST_NOTIFY: Omit<NotifyConfig, "mailer"> = {
  from: "LessonPay <no-reply@lessonpay.test>",
  appUrl: "http://app.test",
  signingSecret: TEST_SECRET,
  slackWebhookUrl: null,
};

export async function startMail(opts: { lookup?: boolean; slackWebhookUrl?: string | null } = {}) {
  const catcher = new MailCatcher({ quiet: true });
  const { smtpUrl, inboxUrl } = await catcher.start();
  const notify: NotifyConfig = {
    ...TEST_NOTIFY,
    mailer: smtpMailer(smtpUrl, { inboxUrl: opts.lookup === false ? null : inboxUrl, timeoutMs: 5_000 }),
    slackWebhookUrl: opts.slackWebhookUrl ?? null,
  };
  return { catcher, notify, smtpUrl, inboxUrl };
}

/** Points `services` at a fresh mail catcher (a real SMTP server) and returns the catcher; close it after the file. */
export async function mailInto(services: { notify: NotifyConfig | null }): Promise<MailCatcher> {
  const mail = await startMail();
  services.notify = mail.notify;
  return mail.catcher;
}
