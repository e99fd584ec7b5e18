import "server-only";
import type { Auth } from "~/server/auth/auth";
import type { Db } from "~/server/db/client";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./accounts";

/**
 * Create the demo accounts (idempotent). Passwords are hashed by better-auth itself. A user who already holds a demo
 * address is never changed: the seed must not hand the ADMIN role to whoever signed up as admin@demo.test first.
 */
export async function seedDemoAccounts(db: Db, auth: Auth): Promise<{ created: string[]; leftAlone: string[] }> {
  const created: string[] = [];
  const leftAlone: string[] = [];
  for (const account of DEMO_ACCOUNTS) {
    if (await db.user.findUnique({ where: { email: account.email }, select: { id: true } })) {
      leftAlone.push(account.email);
      continue;
    }
    await auth.api.signUpEmail({
      body: {
        email: account.email,
        password: DEMO_PASSWORD,
        name: account.name,
        // sign-up only allows STUDENT or TUTOR; the admin is promoted below, as an operator would
        role: account.role === "ADMIN" ? "STUDENT" : account.role,
        timeZone: account.timeZone,
      } as never,
    });
    created.push(account.email);
    // Only the account this run just created gets its role set.
    const user = await db.user.update({ where: { email: account.email }, data: { role: account.role } });
    if (account.tutor) {
      await db.tutorProfile.upsert({
        where: { userId: user.id },
        create: { userId: user.id, ...account.tutor },
        update: {},
      });
    }
  }
  return { created, leftAlone };
}
