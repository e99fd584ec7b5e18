-- CreateTable
CREATE TABLE "ProviderRateBudget" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "refilledAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "ProviderRateBudget_pkey" PRIMARY KEY ("key")
);
