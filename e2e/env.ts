// Fixed local ports for the e2e stack, so specs can reach the same database and
// sandboxes as the server under test. Override with env vars if they clash.
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export const E2E = {
  appPort: port("E2E_APP_PORT", 3100),
  dbPort: port("E2E_DB_PORT", 54329),
  stripePort: port("E2E_STRIPE_PORT", 12121),
  paypalPort: port("E2E_PAYPAL_PORT", 12122),
  /** coturn, started by the relay spec on loopback; the e2e server mints credentials for it */
  turnPort: port("E2E_TURN_PORT", 34780),
  /** the local mail catcher the e2e server starts (SMTP, and its web inbox with /api/messages) */
  mailSmtpPort: port("E2E_MAIL_SMTP_PORT", 1026),
  mailHttpPort: port("E2E_MAIL_HTTP_PORT", 1081),
  get inboxUrl() {
    return `http://127.0.0.1:${this.mailHttpPort}`;
  },
  get appUrl() {
    return `http://localhost:${this.appPort}`;
  },
  get databaseUrl() {
    return `postgresql://postgres:postgres@127.0.0.1:${this.dbPort}/lessonpay`;
  },
  cronSecret: "e2e-cron-secret-000000",
  turnSecret: "e2e-turn-secret-0000000000",
};

/** Chromium flags for every spec: no sandbox as root, nothing reaching the closed network, fake camera and microphone. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
];
