// Tests set a tutor's payout destination through the real change (row, audit, announcement, cool-off). The password
// step is left out here because its hash takes about a second on a busy machine; payout-destination.integration.test.ts
// covers it through the procedure, with givePassword.
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { getPayoutSettings } from "~/server/payouts/payout-accounts";
import { type DestinationInput, recordPayoutDestinationChange } from "~/server/payouts/payout-destination";
import type { Services } from "~/server/services";

export const TUTOR_PASSWORD = "tutor-password-123";

// The hash is slow on purpose; one per process is enough for test tutors sharing a password.
let tutorPasswordHash: Promise<string> | null = null;

export async function givePassword(services: Pick<Services, "db">, userId: string) {
  const existing = await services.db.account.findFirst({ where: { userId, providerId: "credential" } });
  if (existing) return;
  tutorPasswordHash ??= hashPassword(TUTOR_PASSWORD);
  await services.db.account.create({
    data: { id: randomUUID(), userId, accountId: userId, providerId: "credential", password: await tutorPasswordHash },
  });
}

export async function setPayoutDestination(services: Services, tutorId: string, input: DestinationInput) {
  await recordPayoutDestinationChange(services, tutorId, input);
  return getPayoutSettings(services, tutorId);
}
