import type { Auth } from "~/server/auth/auth";
import type { Db } from "~/server/db/client";
import { seedDemoAccounts } from "./seed-accounts";

/** Everything the embedded demo needs. Each part is idempotent. */
export async function seedDemo(db: Db, auth: Auth, _now: Date) {
  const accounts = await seedDemoAccounts(db, auth);
  return { accountsCreated: accounts.created.length };
}
