// npm start — the production build (`npm run build` first) on the same embedded defaults as dev.
import { existsSync } from "node:fs";
import { runApp } from "./lib/app-runner";

if (existsSync(".env")) process.loadEnvFile(".env");

await runApp({ mode: "start", port: Number(process.env.PORT ?? 3000), ticker: true });
