-- CreateEnum
CREATE TYPE "DisputeStatus" AS ENUM ('WARNING_NEEDS_RESPONSE', 'WARNING_UNDER_REVIEW', 'WARNING_CLOSED', 'NEEDS_RESPONSE', 'UNDER_REVIEW', 'WON', 'LOST');

-- CreateEnum
CREATE TYPE "ClawbackState" AS ENUM ('WAITING', 'PENDING', 'IN_FLIGHT', 'SUCCEEDED', 'FAILED', 'UNKNOWN', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ProviderObjectRelation" AS ENUM ('CURRENT', 'STRAY', 'UNKNOWN');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "LedgerEntryKind" ADD VALUE 'CLAWBACK';
ALTER TYPE "LedgerEntryKind" ADD VALUE 'DISPUTE_FEE';

-- AlterEnum
ALTER TYPE "PayoutStatus" ADD VALUE 'PARTIALLY_RETURNED';

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "amountDisputed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "providerChargeId" TEXT;

-- AlterTable
ALTER TABLE "Payout" ADD COLUMN     "amountReturned" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Dispute" (
    "id" TEXT NOT NULL,
    "providerDisputeId" TEXT NOT NULL,
    "paymentId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "providerChargeId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "DisputeStatus" NOT NULL,
    "evidenceDueBy" TIMESTAMP(3),
    "evidenceSubmittedAt" TIMESTAMP(3),
    "evidenceSubmittedBy" TEXT,
    "fundsWithdrawn" INTEGER NOT NULL DEFAULT 0,
    "fundsReinstated" INTEGER NOT NULL DEFAULT 0,
    "feeAmount" INTEGER NOT NULL DEFAULT 0,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PayoutReturn" (
    "id" TEXT NOT NULL,
    "payoutId" TEXT NOT NULL,
    "providerReturnId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "providerStatus" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PayoutReturn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Clawback" (
    "id" TEXT NOT NULL,
    "tutorId" TEXT NOT NULL,
    "payoutId" TEXT NOT NULL,
    "lessonId" TEXT,
    "paymentId" TEXT,
    "sourceEntryId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "state" "ClawbackState" NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "providerReversalId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "claimedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Clawback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderObject" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "paymentId" TEXT,
    "payoutId" TEXT,
    "relation" "ProviderObjectRelation" NOT NULL,
    "status" TEXT NOT NULL,
    "amount" INTEGER,
    "currency" CHAR(3),
    "releaseRequestedAt" TIMESTAMP(3),
    "releasedAt" TIMESTAMP(3),
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "lastEventId" TEXT,

    CONSTRAINT "ProviderObject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconciliationRun" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "since" TIMESTAMP(3) NOT NULL,
    "cursor" JSONB NOT NULL,
    "providerCalls" INTEGER NOT NULL DEFAULT 0,
    "objectsSeen" INTEGER NOT NULL DEFAULT 0,
    "rowsChecked" INTEGER NOT NULL DEFAULT 0,
    "discrepancies" INTEGER NOT NULL DEFAULT 0,
    "repaired" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,

    CONSTRAINT "ReconciliationRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Discrepancy" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "lessonId" TEXT,
    "providerObjectId" TEXT,
    "ours" JSONB,
    "theirs" JSONB,
    "message" TEXT NOT NULL,
    "runId" TEXT,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,
    "resolution" TEXT,

    CONSTRAINT "Discrepancy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Dispute_providerDisputeId_key" ON "Dispute"("providerDisputeId");

-- CreateIndex
CREATE INDEX "Dispute_status_evidenceDueBy_idx" ON "Dispute"("status", "evidenceDueBy");

-- CreateIndex
CREATE INDEX "Dispute_paymentId_idx" ON "Dispute"("paymentId");

-- CreateIndex
CREATE INDEX "Dispute_lessonId_idx" ON "Dispute"("lessonId");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutReturn_providerReturnId_key" ON "PayoutReturn"("providerReturnId");

-- CreateIndex
CREATE INDEX "PayoutReturn_payoutId_idx" ON "PayoutReturn"("payoutId");

-- CreateIndex
CREATE UNIQUE INDEX "Clawback_sourceEntryId_key" ON "Clawback"("sourceEntryId");

-- CreateIndex
CREATE UNIQUE INDEX "Clawback_idempotencyKey_key" ON "Clawback"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Clawback_providerReversalId_key" ON "Clawback"("providerReversalId");

-- CreateIndex
CREATE INDEX "Clawback_state_nextAttemptAt_idx" ON "Clawback"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Clawback_payoutId_idx" ON "Clawback"("payoutId");

-- CreateIndex
CREATE INDEX "ProviderObject_paymentId_idx" ON "ProviderObject"("paymentId");

-- CreateIndex
CREATE INDEX "ProviderObject_payoutId_idx" ON "ProviderObject"("payoutId");

-- CreateIndex
CREATE INDEX "ProviderObject_relation_releasedAt_idx" ON "ProviderObject"("relation", "releasedAt");

-- CreateIndex
CREATE INDEX "Discrepancy_resolvedAt_kind_idx" ON "Discrepancy"("resolvedAt", "kind");

-- CreateIndex
CREATE INDEX "Discrepancy_subjectType_subjectId_idx" ON "Discrepancy"("subjectType", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_providerChargeId_key" ON "Payment"("providerChargeId");

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PayoutReturn" ADD CONSTRAINT "PayoutReturn_payoutId_fkey" FOREIGN KEY ("payoutId") REFERENCES "Payout"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Clawback" ADD CONSTRAINT "Clawback_tutorId_fkey" FOREIGN KEY ("tutorId") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Clawback" ADD CONSTRAINT "Clawback_payoutId_fkey" FOREIGN KEY ("payoutId") REFERENCES "Payout"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
