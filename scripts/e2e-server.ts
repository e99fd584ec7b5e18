// The server Playwright tests run against: the production build (`next start`) on a
// fresh embedded database and fresh sandboxes, on the fixed ports of e2e/env.ts.
import { rmSync } from "node:fs";
import path from "node:path";
import { E2E } from "../e2e/env";
import { runApp } from "./lib/app-runner";

const dataDir = path.resolve(".data/e2e-postgres");
rmSync(dataDir, { recursive: true, force: true });
delete process.env.DATABASE_URL;
delete process.env.STRIPE_SECRET_KEY;
delete process.env.PAYPAL_CLIENT_ID;
delete process.env.SMTP_URL; // the e2e server's mail goes to its own catcher, which the specs read
process.env.MAIL_CATCHER_SMTP_PORT = String(E2E.mailSmtpPort);
process.env.MAIL_CATCHER_HTTP_PORT = String(E2E.mailHttpPort);
process.env.EMBEDDED_DB_PORT = String(E2E.dbPort);
process.env.STRIPE_SANDBOX_PORT = String(E2E.stripePort);
process.env.PAYPAL_SANDBOX_PORT = String(E2E.paypalPort);
process.env.APP_URL = E2E.appUrl;
process.env.CRON_SECRET = E2E.cronSecret;
// The relay spec starts coturn here with this secret; other specs connect on host candidates and never need it.
process.env.TURN_URLS = `turn:127.0.0.1:${E2E.turnPort}?transport=udp`;
process.env.TURN_SECRET = E2E.turnSecret;

await runApp({
  mode: "start",
  port: E2E.appPort,
  dataDir,
  ticker: false, // specs call the cron routes themselves, after moving the clock
  skipScenarios: true, // specs make their own lessons
  extraEnv: { AUTH_SIGNIN_LIMIT_PER_ACCOUNT: "1000", AUTH_SIGNIN_LIMIT_PER_ADDRESS: "1000" },
});
