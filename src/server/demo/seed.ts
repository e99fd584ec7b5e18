import "server-only";
import { randomUUID } from "node:crypto";
import type { Auth } from "~/server/auth/auth";
import type { Db } from "~/server/db/client";
import { defaultPolicy } from "~/server/lifecycle/policy";
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

/**
 * The demo tutor is paid by PayPal (the sandbox pays @paid.test addresses). The destination is dated before the demo
 * began, its cool-off long over, so the demo pays out as soon as earnings are available.
 */
async function seedPayoutSettings(db: Db, created: string[], now: Date) {
  if (!created.includes("tutor@demo.test")) return;
  const tutor = await db.user.findUnique({ where: { email: "tutor@demo.test" } });
  if (!tutor || (await db.payoutAccount.count({ where: { tutorId: tutor.id } })) > 0) return;
  const requestedAt = new Date(now.getTime() - defaultPolicy.payoutDestinationCoolOffMs - 7 * 24 * 3_600_000);
  const effectiveAt = new Date(requestedAt.getTime() + defaultPolicy.payoutDestinationCoolOffMs);
  await db.payoutAccount.create({
    data: {
      tutorId: tutor.id,
      method: "PAYPAL",
      paypalEmail: "tara@paid.test",
      payoutsHeldUntil: effectiveAt,
      destinationChanges: {
        create: { id: randomUUID(), seq: 1, method: "PAYPAL", destination: "tara@paid.test", requestedAt, effectiveAt },
      },
    },
  });
}

/** Accounts, availability and payout settings for the accounts this run creates: needs only the database. Idempotent. */
export async function seedDemo(db: Db, auth: Auth, now: Date) {
  const accounts = await seedDemoAccounts(db, auth);
  await seedAvailability(db, accounts.created);
  await seedPayoutSettings(db, accounts.created, now);
  return { accountsCreated: accounts.created.length, existingLeftAlone: accounts.leftAlone.length };
}
