-- CreateIndex
CREATE INDEX "Alert_lessonId_idx" ON "Alert"("lessonId");

-- CreateIndex
CREATE INDEX "ProblemReport_studentId_idx" ON "ProblemReport"("studentId");

-- CreateIndex
CREATE INDEX "LedgerEntry_paymentId_idx" ON "LedgerEntry"("paymentId");

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AvailabilityWindow" ADD CONSTRAINT "AvailabilityWindow_tutorId_fkey" FOREIGN KEY ("tutorId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProblemReport" ADD CONSTRAINT "ProblemReport_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProblemReport" ADD CONSTRAINT "ProblemReport_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PayoutAccount" ADD CONSTRAINT "PayoutAccount_tutorId_fkey" FOREIGN KEY ("tutorId") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_tutorId_fkey" FOREIGN KEY ("tutorId") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_payoutId_fkey" FOREIGN KEY ("payoutId") REFERENCES "Payout"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_tutorId_fkey" FOREIGN KEY ("tutorId") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- Hand-written (manual_*): rules Prisma cannot express.
-- ---------------------------------------------------------------------------

-- One open alert per (type, subject): a repeated sweep, retry or webhook finds the open one (raiseAlertOnce inserts
-- with ON CONFLICT DO NOTHING against this index). Open duplicates from before it existed are closed first, keeping
-- the oldest.
UPDATE "Alert" a
SET "resolvedAt" = a."openedAt", "resolvedBy" = 'migration', "resolution" = 'duplicate of an older open alert about the same subject'
WHERE a."resolvedAt" IS NULL
  AND EXISTS (
    SELECT 1 FROM "Alert" b
    WHERE b."resolvedAt" IS NULL AND b."type" = a."type" AND b."subjectType" = a."subjectType" AND b."subjectId" = a."subjectId"
      AND (b."openedAt", b."id") < (a."openedAt", a."id")
  );
CREATE UNIQUE INDEX "manual_alert_one_open" ON "Alert" ("type", "subjectType", "subjectId") WHERE "resolvedAt" IS NULL;
