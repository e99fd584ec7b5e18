// npm run db:seed — demo data for the embedded database (also run by `npm run dev`).
import { createAuth } from "../src/server/auth/auth";
import { createDb } from "../src/server/db/client";
import { seedDemo } from "../src/server/demo/seed";
import { ensureDatabase } from "../scripts/lib/database";

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
