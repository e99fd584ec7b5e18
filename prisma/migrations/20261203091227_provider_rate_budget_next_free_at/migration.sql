-- The shared Stripe budget becomes a queue of send instants (src/server/payments/shared-rate-limiter.ts): a row that
-- exists reads as "free now"; the bucket's tokens and refill time are no longer kept.
ALTER TABLE "ProviderRateBudget" DROP COLUMN "refilledAt",
DROP COLUMN "tokens",
ADD COLUMN     "nextFreeAt" TIMESTAMPTZ(6) NOT NULL DEFAULT now();
ALTER TABLE "ProviderRateBudget" ALTER COLUMN "nextFreeAt" DROP DEFAULT;
