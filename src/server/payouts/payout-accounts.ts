import "server-only";
import type { Services } from "~/server/services";
import { AppError } from "~/server/errors";
import { isProviderError } from "~/server/providers/errors";

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
    minimums: services.policy.payoutMinimums,
  };
}

export async function updatePayoutSettings(
  services: Services,
  tutorId: string,
  input: { method: "STRIPE" } | { method: "PAYPAL"; paypalEmail: string },
) {
  await services.db.payoutAccount.upsert({
    where: { tutorId },
    create: { tutorId, method: input.method, paypalEmail: input.method === "PAYPAL" ? input.paypalEmail : null },
    update: { method: input.method, ...(input.method === "PAYPAL" ? { paypalEmail: input.paypalEmail } : {}) },
  });
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
        create: { tutorId: tutor.id, method: "STRIPE", stripeAccountId: accountId },
        update: { stripeAccountId: accountId, method: "STRIPE" },
      });
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
