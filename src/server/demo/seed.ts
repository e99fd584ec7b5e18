import "server-only";
import { randomUUID } from "node:crypto";
import type { Auth } from "~/server/auth/auth";
import type { Db } from "~/server/db/client";
import { seedDemoAccounts } from "./seed-accounts";

/** Demo tutors teach every day 08:00–20:00 in their own time zone. */
async function seedAvailability(db: Db, created: string[]) {
  const tutors = await db.user.findMany({ where: { role: "TUTOR", email: { in: created } }, select: { id: true } });
  for (const t of tutors) {
    if ((await db.availabilityWindow.count({ where: { tutorId: t.id } })) > 0) continue;
    await db.availabilityWindow.createMany({
      data: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ id: randomUUID(), tutorId: t.id, weekday, startMinute: 8 * 60, endMinute: 20 * 60 })),
    });
  }
}

/** The demo tutor is paid by PayPal (the sandbox pays @paid.test addresses). */
async function seedPayoutSettings(db: Db, created: string[]) {
  if (!created.includes("tutor@demo.test")) return;
  const tutor = await db.user.findUnique({ where: { email: "tutor@demo.test" } });
  if (!tutor) return;
  await db.payoutAccount.upsert({
    where: { tutorId: tutor.id },
    create: { tutorId: tutor.id, method: "PAYPAL", paypalEmail: "tara@paid.test" },
    update: {},
  });
}

/** Accounts, availability and payout settings for the accounts this run creates: needs only the database. Idempotent. */
export async function seedDemo(db: Db, auth: Auth, _now: Date) {
  const accounts = await seedDemoAccounts(db, auth);
  await seedAvailability(db, accounts.created);
  await seedPayoutSettings(db, accounts.created);
  return { accountsCreated: accounts.created.length, existingLeftAlone: accounts.leftAlone.length };
}
