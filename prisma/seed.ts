// npm run db:seed — demo data for the embedded database (also run by `npm run dev`). The demo accounts include an
// ADMIN whose password is public, so a configured DATABASE_URL is refused unless `--allow-remote` says it is meant
// (a staging database), and a production environment is refused always.
import { createAuth } from "../src/server/auth/auth";
import { createDb } from "../src/server/db/client";
import { seedDemo } from "../src/server/demo/seed";
import { isProductionEnv } from "../src/env-production";
import { ensureDatabase } from "../scripts/lib/database";

const allowRemote = process.argv.includes("--allow-remote");
if (isProductionEnv(process.env)) {
  console.error(
    "db:seed refused: this is a production environment (NODE_ENV=production or VERCEL_ENV); demo accounts have public passwords.",
  );
  process.exit(1);
}
if (process.env.DATABASE_URL && !allowRemote) {
  console.error(
    "db:seed refused: DATABASE_URL points at a configured database, not the embedded one. The demo accounts (an ADMIN " +
      "with the password shown on the sign-in page) would be written there. If that is really meant: npm run db:seed -- --allow-remote",
  );
  process.exit(1);
}

const handle = await ensureDatabase();
const db = createDb(handle.url);
try {
  const auth = createAuth({
    db,
    baseURL: "http://localhost:3000",
    secret: "seed-only-secret-000000000000000000",
    signInFreeFailures: 1000,
    signInLimitPerAddress: 1000,
  });
  const report = await seedDemo(db, auth, new Date());
  console.log("Seeded:", JSON.stringify(report));
} finally {
  await db.$disconnect();
  await handle.stop();
}
