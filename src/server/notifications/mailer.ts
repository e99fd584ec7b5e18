import "server-only";
// SMTP through nodemailer: SMTP_URL names any provider's server (smtp://user:pass@host:587, smtps://… for TLS).
// The Message-ID is ours (recorded before the send), never the transport's, so a retry carries the same one.
import nodemailer from "nodemailer";

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
  /** a calendar invite, sent as a text/calendar part with its METHOD */
  calendar?: { method: "REQUEST" | "CANCEL"; content: string };
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ response: string }>;
  /**
   * Whether the server already accepted a message with this Message-ID. Only a server that can be asked (the local
   * mail catcher, a provider's message API) offers it; without it a retry re-sends with the same Message-ID.
   */
  wasAccepted?: (messageId: string) => Promise<boolean>;
}

export function smtpMailer(smtpUrl: string, opts: { inboxUrl?: string | null; timeoutMs?: number } = {}): Mailer {
  const timeout = opts.timeoutMs ?? 15_000;
  // The options object with the URL in it: a second argument would be message defaults, where the timeouts do
  // nothing. Pooled: one SMTP conversation carries many messages (no connect and greeting per message).
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  const inbox = opts.inboxUrl ?? null;
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId: mail.messageId,
        headers: mail.headers,
        ...(mail.calendar
          ? {
              icalEvent: {
                method: mail.calendar.method,
                filename: mail.calendar.method === "CANCEL" ? "cancel.ics" : "invite.ics",
                content: mail.calendar.content,
              },
            }
          : {}),
      });
      return { response: info.response };
    },
    ...(inbox
      ? {
          async wasAccepted(messageId: string) {
            const res = await fetch(`${inbox}/api/accepted?messageId=${encodeURIComponent(messageId)}`, {
              signal: AbortSignal.timeout(timeout),
            });
            if (!res.ok) throw new Error(`mail inbox answered ${res.status}`);
            return ((await res.json()) as { accepted: boolean }).accepted;
          },
        }
      : {}),
  };
}

/** No SMTP server configured: every send fails (and is retried), so a missing setting is loud, not silent. */
export function unconfiguredMailer(): Mailer {
  return { send: () => Promise.reject(new Error("no SMTP server configured (set SMTP_URL)")) };
}
