-- AlterTable
ALTER TABLE "ReconciliationRun" ADD COLUMN     "leasedUntil" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "ReconciliationRun_status_startedAt_idx" ON "ReconciliationRun"("status", "startedAt");

-- manual_discrepancy_one_open: a discrepancy seen again on the next pass is the same row (lastSeenAt moves), never a
-- second one; two overlapping passes recording the same finding insert one row.
CREATE UNIQUE INDEX "manual_discrepancy_one_open" ON "Discrepancy" ("kind", "subjectType", "subjectId") WHERE "resolvedAt" IS NULL;
