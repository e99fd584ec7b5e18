-- CreateEnum
CREATE TYPE "ProblemReportStatus" AS ENUM ('OPEN', 'RELEASED', 'PARTIALLY_REFUNDED', 'REFUNDED');

-- CreateEnum
CREATE TYPE "PayoutMethod" AS ENUM ('STRIPE', 'PAYPAL');

-- CreateEnum
CREATE TYPE "LedgerEntryKind" AS ENUM ('EARNING', 'PLATFORM_FEE', 'EARNING_REVERSAL', 'FEE_REVERSAL', 'PAYOUT_DEBIT', 'PAYOUT_RETURN');

-- CreateEnum
CREATE TYPE "PayoutStatus" AS ENUM ('QUEUED', 'SENDING', 'UNKNOWN', 'SENT', 'PAID', 'FAILED', 'RETURNED');

-- CreateTable
CREATE TABLE "AvailabilityWindow" (
    "id" TEXT NOT NULL,
    "tutorId" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "startMinute" INTEGER NOT NULL,
    "endMinute" INTEGER NOT NULL,

    CONSTRAINT "AvailabilityWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProblemReport" (
    "id" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "studentId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "ProblemReportStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,
    "resolution" TEXT,

    CONSTRAINT "ProblemReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PayoutAccount" (
    "tutorId" TEXT NOT NULL,
    "method" "PayoutMethod",
    "stripeAccountId" TEXT,
    "stripePayoutsEnabled" BOOLEAN NOT NULL DEFAULT false,
    "paypalEmail" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PayoutAccount_pkey" PRIMARY KEY ("tutorId")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" TEXT NOT NULL,
    "tutorId" TEXT NOT NULL,
    "kind" "LedgerEntryKind" NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "sourceId" TEXT NOT NULL,
    "lessonId" TEXT,
    "paymentId" TEXT,
    "payoutId" TEXT,
    "availableAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Payout" (
    "id" TEXT NOT NULL,
    "tutorId" TEXT NOT NULL,
    "method" "PayoutMethod" NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "PayoutStatus" NOT NULL DEFAULT 'QUEUED',
    "destination" TEXT NOT NULL,
    "providerId" TEXT,
    "providerItemId" TEXT,
    "providerStatus" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "requestedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "Payout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PayoutItem" (
    "payoutId" TEXT NOT NULL,
    "ledgerEntryId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,

    CONSTRAINT "PayoutItem_pkey" PRIMARY KEY ("payoutId","ledgerEntryId")
);

-- CreateIndex
CREATE INDEX "AvailabilityWindow_tutorId_idx" ON "AvailabilityWindow"("tutorId");

-- CreateIndex
CREATE UNIQUE INDEX "ProblemReport_lessonId_key" ON "ProblemReport"("lessonId");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutAccount_stripeAccountId_key" ON "PayoutAccount"("stripeAccountId");

-- CreateIndex
CREATE INDEX "LedgerEntry_tutorId_kind_idx" ON "LedgerEntry"("tutorId", "kind");

-- CreateIndex
CREATE INDEX "LedgerEntry_lessonId_idx" ON "LedgerEntry"("lessonId");

-- CreateIndex
CREATE INDEX "LedgerEntry_payoutId_idx" ON "LedgerEntry"("payoutId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_sourceId_kind_key" ON "LedgerEntry"("sourceId", "kind");

-- CreateIndex
CREATE INDEX "Payout_status_nextAttemptAt_idx" ON "Payout"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Payout_tutorId_createdAt_idx" ON "Payout"("tutorId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutItem_ledgerEntryId_key" ON "PayoutItem"("ledgerEntryId");

-- AddForeignKey
ALTER TABLE "PayoutItem" ADD CONSTRAINT "PayoutItem_payoutId_fkey" FOREIGN KEY ("payoutId") REFERENCES "Payout"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (manual_*): rules Prisma cannot express.
ALTER TABLE "AvailabilityWindow" ADD CONSTRAINT "manual_availability_bounds"
  CHECK ("weekday" BETWEEN 0 AND 6 AND "startMinute" >= 0 AND "endMinute" <= 1440 AND "startMinute" < "endMinute");

-- At most one payout in flight per tutor.
CREATE UNIQUE INDEX "manual_payout_one_live_per_tutor" ON "Payout" ("tutorId")
  WHERE "status" IN ('QUEUED', 'SENDING', 'UNKNOWN', 'SENT');

ALTER TABLE "Payout" ADD CONSTRAINT "manual_payout_positive" CHECK ("amount" > 0);

-- The ledger is append-only.
CREATE FUNCTION manual_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'LedgerEntry is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER "manual_ledger_append_only"
  BEFORE UPDATE OR DELETE ON "LedgerEntry"
  FOR EACH ROW EXECUTE FUNCTION manual_ledger_append_only();
