-- AlterTable
ALTER TABLE "PayoutAccount" ADD COLUMN     "payoutsHeldUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "PayoutDestinationChange" (
    "id" TEXT NOT NULL,
    "tutorId" TEXT NOT NULL,
    "method" "PayoutMethod" NOT NULL,
    "destination" TEXT NOT NULL,
    "previousMethod" "PayoutMethod",
    "previousDestination" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "effectiveAt" TIMESTAMP(3) NOT NULL,
    "cancelledAt" TIMESTAMP(3),
    "cancelledBy" TEXT,
    "cancelReason" TEXT,

    CONSTRAINT "PayoutDestinationChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PayoutDestinationChange_tutorId_requestedAt_idx" ON "PayoutDestinationChange"("tutorId", "requestedAt");

-- CreateIndex
CREATE INDEX "PayoutDestinationChange_requestedAt_idx" ON "PayoutDestinationChange"("requestedAt");

-- AddForeignKey
ALTER TABLE "PayoutDestinationChange" ADD CONSTRAINT "PayoutDestinationChange_tutorId_fkey" FOREIGN KEY ("tutorId") REFERENCES "PayoutAccount"("tutorId") ON DELETE RESTRICT ON UPDATE CASCADE;
