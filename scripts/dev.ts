// npm run dev — the app on embedded defaults: PostgreSQL, Stripe and PayPal sandboxes,
// demo accounts, and a local cron ticker. Set DATABASE_URL / STRIPE_SECRET_KEY /
// PAYPAL_CLIENT_ID to use real services instead.
import { existsSync } from "node:fs";
import { runApp } from "./lib/app-runner";

if (existsSync(".env")) process.loadEnvFile(".env");

await runApp({ mode: "dev", port: Number(process.env.PORT ?? 3000), ticker: true });
