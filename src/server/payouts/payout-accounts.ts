import "server-only";
import type { Services } from "~/server/services";
import { AppError } from "~/server/errors";
import { isProviderError } from "~/server/providers/errors";
import { changePayoutDestination, changeState, type DestinationInput, recordPayoutDestinationChange } from "./payout-destination";

/** A tutor's payout settings; refreshes the Stripe account's readiness from Stripe when one exists. */
export async function getPayoutSettings(services: Services, tutorId: string) {
  let account = await services.db.payoutAccount.findUnique({ where: { tutorId } });
  if (account?.stripeAccountId && !account.stripePayoutsEnabled) {
    const remote = await services.stripe.retrieveAccount(account.stripeAccountId).catch(() => null);
    if (remote?.payoutsEnabled) {
      account = await services.db.payoutAccount.update({ where: { tutorId }, data: { stripePayoutsEnabled: true } });
    }
  }
  const ready =
    account?.method === "STRIPE"
      ? Boolean(account.stripePayoutsEnabled)
      : account?.method === "PAYPAL"
        ? Boolean(account.paypalEmail)
        : false;
  return {
    method: account?.method ?? null,
    paypalEmail: account?.paypalEmail ?? null,
    stripeAccountId: account?.stripeAccountId ?? null,
    stripeOnboarded: account?.stripePayoutsEnabled ?? false,
    ready,
    /** no payout before this: the cool-off after a destination change */
    payoutsHeldUntil: account?.payoutsHeldUntil && account.payoutsHeldUntil > services.now() ? account.payoutsHeldUntil : null,
    recentChanges: (
      await services.db.payoutDestinationChange.findMany({
        where: { tutorId },
        orderBy: { seq: "desc" },
        take: 5,
      })
    ).map((c) => ({
      id: c.id,
      method: c.method,
      destination: c.destination,
      previousDestination: c.previousDestination,
      requestedAt: c.requestedAt,
      effectiveAt: c.effectiveAt,
      state: changeState(c, services.now()),
    })),
    minimums: services.policy.payoutMinimums,
  };
}

/** Changing where payouts go: the current password, an announcement, and a cool-off (payout-destination.ts). */
export async function updatePayoutSettings(services: Services, tutorId: string, input: DestinationInput, currentPassword: string) {
  await changePayoutDestination(services, tutorId, input, currentPassword);
  return getPayoutSettings(services, tutorId);
}

/** Stripe Connect onboarding: an express account (created once) and a fresh onboarding link. */
export async function stripeOnboardingLink(services: Services, tutor: { id: string; email: string }, appUrl: string) {
  try {
    let account = await services.db.payoutAccount.findUnique({ where: { tutorId: tutor.id } });
    if (!account?.stripeAccountId) {
      const { accountId } = await services.stripe.createExpressAccount({
        email: tutor.email,
        metadata: { tutorId: tutor.id },
        idempotencyKey: `connect-account:${tutor.id}`,
      });
      account = await services.db.payoutAccount.upsert({
        where: { tutorId: tutor.id },
        create: { tutorId: tutor.id, stripeAccountId: accountId },
        // An existing PayPal destination stays until the tutor chooses Stripe with their password (a destination change).
        update: { stripeAccountId: accountId },
      });
      // No destination yet: the Stripe account becomes the first one, as a recorded change (row, audit, announcement,
      // cool-off) like any other.
      if (!account.method) {
        await recordPayoutDestinationChange(services, tutor.id, { method: "STRIPE" });
        account = await services.db.payoutAccount.findUniqueOrThrow({ where: { tutorId: tutor.id } });
      }
    }
    const link = await services.stripe.createAccountLink({
      accountId: account.stripeAccountId!,
      refreshUrl: `${appUrl}/tutor/payouts?onboarding=retry`,
      returnUrl: `${appUrl}/tutor/payouts?onboarding=done`,
    });
    return { url: link.url, expiresAt: link.expiresAt };
  } catch (err) {
    if (isProviderError(err))
      throw new AppError("PROVIDER_ERROR", `Stripe could not start onboarding: ${err.failure.message}. Try again in a minute.`);
    throw err;
  }
}
