// The embedded mail default: with no SMTP_URL, a local SMTP server and web inbox (the mail catcher) that every
// message of `npm run dev`, `npm start` (embedded) and the e2e server goes to. Ports: MAIL_CATCHER_SMTP_PORT
// (default 1025) and MAIL_CATCHER_HTTP_PORT (default 1080).
import { MailCatcher } from "../../src/sandbox/mail-catcher";

export async function startMailCatcherIfNeeded(): Promise<{
  env: Record<string, string>;
  inboxUrl: string | null;
  stop: () => Promise<void>;
}> {
  if (process.env.SMTP_URL) return { env: {}, inboxUrl: null, stop: async () => {} };
  const catcher = new MailCatcher({
    smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 1025),
    httpPort: Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 1080),
  });
  const { smtpUrl, inboxUrl } = await catcher.start();
  return { env: { SMTP_URL: smtpUrl, MAIL_INBOX_URL: inboxUrl }, inboxUrl, stop: () => catcher.close() };
}
