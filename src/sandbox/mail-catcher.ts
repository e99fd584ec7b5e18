// The local mail catcher: a real SMTP server (smtp-server) that keeps every message it accepts, parsed (mailparser),
// and a small web inbox to read them. `npm run dev` and the e2e server start it and point SMTP_URL at it; tests start
// their own. Faults play what real mail servers do: refuse a message (4xx/5xx after DATA), or accept it and drop
// the connection before the client hears "250" (the client cannot know it was accepted).
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** text/calendar parts (the invite), as sent */
  calendars: string[];
  receivedAt: string;
}

export type MailFault = { kind: "refuse"; code?: number; message?: string } | { kind: "drop_after_data" };

export interface MailCatcherOptions {
  smtpPort?: number;
  httpPort?: number;
  host?: string;
  quiet?: boolean;
}

export class MailCatcher {
  readonly messages: CaughtMail[] = [];
  /** every SMTP transaction that ended in acceptance, by Message-ID (a message accepted twice counts twice) */
  readonly acceptedCount = new Map<string, number>();
  private faults: MailFault[] = [];
  private smtp: SMTPServer;
  private web: http.Server;
  smtpUrl = "";
  inboxUrl = "";

  constructor(private readonly opts: MailCatcherOptions = {}) {
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData: (stream, session, callback) => {
        void simpleParser(stream)
          .then((parsed) => {
            const fault = this.faults.shift();
            if (fault?.kind === "refuse") {
              const err = Object.assign(new Error(fault.message ?? "mailbox unavailable, try again later"), {
                responseCode: fault.code ?? 451,
              });
              return callback(err);
            }
            this.keep(
              parsed,
              session.envelope.rcptTo.map((r) => r.address),
            );
            if (fault?.kind === "drop_after_data") {
              // Accepted and stored, but the client never hears it: the connection dies before the 250.
              const conn = [...(this.smtp as unknown as { connections: Set<{ id: string; _socket: Socket }> }).connections].find(
                (c) => c.id === session.id,
              );
              conn?._socket.destroy();
              return;
            }
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    this.web = http.createServer((req, res) => this.handleHttp(req, res));
  }

  private keep(parsed: Awaited<ReturnType<typeof simpleParser>>, rcptTo: string[]) {
    const messageId = parsed.messageId ?? "";
    const headers: Record<string, string> = {};
    for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(":") + 1).trim();
    const calendars = parsed.attachments.filter((a) => a.contentType.startsWith("text/calendar")).map((a) => a.content.toString("utf8"));
    this.messages.push({
      messageId,
      from: parsed.from?.text ?? "",
      to: rcptTo,
      subject: parsed.subject ?? "",
      text: parsed.text ?? "",
      html: typeof parsed.html === "string" ? parsed.html : "",
      headers,
      calendars,
      receivedAt: new Date().toISOString(),
    });
    this.acceptedCount.set(messageId, (this.acceptedCount.get(messageId) ?? 0) + 1);
    if (!this.opts.quiet) console.log(`[mail] ${rcptTo.join(", ")}: ${parsed.subject ?? ""}`);
  }

  /** The next messages meet these faults, in order. */
  inject(...faults: MailFault[]) {
    this.faults.push(...faults);
  }

  clear() {
    this.messages.length = 0;
    this.acceptedCount.clear();
    this.faults = [];
  }

  async start(): Promise<{ smtpUrl: string; inboxUrl: string }> {
    const host = this.opts.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      this.smtp.once("error", reject);
      this.smtp.listen(this.opts.smtpPort ?? 0, host, () => resolve());
    });
    await new Promise<void>((resolve, reject) => {
      this.web.once("error", reject);
      this.web.listen(this.opts.httpPort ?? 0, host, () => resolve());
    });
    const smtpPort = (this.smtp.server.address() as AddressInfo).port;
    const httpPort = (this.web.address() as AddressInfo).port;
    this.smtpUrl = `smtp://${host}:${smtpPort}`;
    this.inboxUrl = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${httpPort}`;
    return { smtpUrl: this.smtpUrl, inboxUrl: this.inboxUrl };
  }

  async close() {
    this.web.closeAllConnections();
    await new Promise<void>((resolve) => this.web.close(() => resolve()));
    await new Promise<void>((resolve) => this.smtp.close(() => resolve()));
  }

  private handleHttp(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://inbox");
    const json = (body: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/api/messages") return json(this.messages);
    if (url.pathname === "/api/accepted")
      return json({ accepted: (this.acceptedCount.get(url.searchParams.get("messageId") ?? "") ?? 0) > 0 });
    const one = /^\/messages\/(\d+)$/.exec(url.pathname);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    if (one) {
      const m = this.messages[Number(one[1])];
      return res.end(m ? m.html || `<pre>${escapeHtml(m.text)}</pre>` : "not found");
    }
    const rows = this.messages
      .map(
        (m, i) =>
          `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to.join(", "))}</td><td><a href="/messages/${i}">${escapeHtml(m.subject)}</a></td><td>${m.calendars.length ? "📅" : ""}</td></tr>`,
      )
      .reverse()
      .join("");
    res.end(
      `<!doctype html><meta charset="utf-8"><title>LessonPay local inbox</title><style>body{font-family:sans-serif;margin:2rem}td{padding:4px 12px;border-bottom:1px solid #ddd}</style>` +
        `<h1>Local inbox</h1><p>${this.messages.length} message(s) caught by the local SMTP server. JSON: <a href="/api/messages">/api/messages</a></p>` +
        `<table><tr><th>received</th><th>to</th><th>subject</th><th>invite</th></tr>${rows}</table>`,
    );
  }
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
