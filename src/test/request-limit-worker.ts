// A second app process for the shared request-limit test: its own Prisma client and its own limiter, on the same
// database as the test. It says "ready", waits for "go" on stdin (so both processes spend at the same moment), spends
// ATTEMPTS mutations for USER_ID and prints how many were let through.
//
// env: DATABASE_URL, USER_ID, ATTEMPTS, POINTS
import { createDb } from "~/server/db/client";
import { isAppError } from "~/server/errors";
import { DEFAULT_REQUEST_LIMITS } from "~/server/request-limits/limits";
import { createRequestLimiter } from "~/server/request-limits/request-limiter";

async function main() {
  const db = createDb(process.env.DATABASE_URL!, { max: 4 });
  const limiter = createRequestLimiter(db, {
    ...DEFAULT_REQUEST_LIMITS,
    mutationPerUser: { points: Number(process.env.POINTS), durationSeconds: 600 },
  });
  await db.$queryRaw`SELECT 1`; // connected before the start signal
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  let allowed = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: Number(process.env.ATTEMPTS) }, async () => {
      try {
        await limiter.spend("mutation", { userId: process.env.USER_ID!, address: null });
        allowed++;
      } catch (err) {
        if (!isAppError(err) || err.code !== "RATE_LIMITED") throw err;
        refused++;
      }
    }),
  );
  process.stdout.write(`${JSON.stringify({ allowed, refused })}\n`);
  await db.$disconnect();
}

main().catch((err) => {
  process.stderr.write(`request-limit-worker failed: ${String(err)}\n`);
  process.exit(1);
});
