import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { env } from "~/env";
import { stripeOnboardingLink } from "~/server/payouts/payout-accounts";
import type { TOnboardingLinkInputSchema } from "./onboardingLink.schema";

type OnboardingLinkOptions = { ctx: AuthedContext; input: TOnboardingLinkInputSchema };

/** Stripe sends the tutor back to APP_URL: the public address, never one taken from the request. */
export const onboardingLinkHandler = ({ ctx }: OnboardingLinkOptions) => stripeOnboardingLink(ctx.services, ctx.user, env().APP_URL);
