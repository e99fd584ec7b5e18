-- AlterTable: number the existing changes per tutor in the order they were made, then require the number
ALTER TABLE "PayoutDestinationChange" ADD COLUMN     "seq" INTEGER;
UPDATE "PayoutDestinationChange" c SET "seq" = n.seq
FROM (SELECT id, row_number() OVER (PARTITION BY "tutorId" ORDER BY "requestedAt", id)::int AS seq FROM "PayoutDestinationChange") n
WHERE c.id = n.id;
ALTER TABLE "PayoutDestinationChange" ALTER COLUMN "seq" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "PayoutDestinationChange_tutorId_seq_key" ON "PayoutDestinationChange"("tutorId", "seq");
