// A notification worker that dies at the worst moment: it claims one message, hands it to the real SMTP server
// (which accepts it), and is killed with SIGKILL before it can record that. Spawned by
// src/server/notifications/crash.integration.test.ts; nothing is mocked, the process just stops existing between
// "the server has the message" and "we wrote it down".
//
// env: DATABASE_URL, SMTP_URL, APP_NOW (ISO), NOTIFICATION_ID
import { createDb } from "~/server/db/client";
import type { Mailer } from "~/server/notifications/mailer";
import { smtpMailer } from "~/server/notifications/mailer";
import { TEST_NOTIFY } from "./mail";
import { sendDueNotifications } from "~/server/notifications/worker";
import { testServices } from "./services";

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`crash-notifier: ${name} is not set`);
  return v;
}

function killedAfterSend(inner: Mailer): Mailer {
  return {
    async send(mail) {
      await inner.send(mail);
      process.stdout.write(`${JSON.stringify({ sent: mail.messageId })}\n`, () => process.kill(process.pid, "SIGKILL"));
      return new Promise<never>(() => {});
    },
  };
}

async function main() {
  const db = createDb(need("DATABASE_URL"), { max: 2 });
  const base = testServices(db, { now: need("APP_NOW") });
  const services = {
    ...base,
    notify: { ...TEST_NOTIFY, mailer: killedAfterSend(smtpMailer(need("SMTP_URL"))) },
  };
  await sendDueNotifications(services, { onlyIds: [need("NOTIFICATION_ID")], workerId: "doomed-notifier" });
  process.stdout.write(`${JSON.stringify({ sent: null })}\n`);
  await db.$disconnect();
}

main().catch((err: unknown) => {
  process.stderr.write(`crash-notifier failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(2);
});
