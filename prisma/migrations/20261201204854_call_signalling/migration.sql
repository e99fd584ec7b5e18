-- CreateEnum
CREATE TYPE "CallSignalKind" AS ENUM ('HELLO', 'BYE', 'DESCRIPTION', 'CANDIDATE');

-- CreateTable
CREATE TABLE "CallSignal" (
    "id" BIGSERIAL NOT NULL,
    "lessonId" TEXT NOT NULL,
    "sender" "Participant" NOT NULL,
    "fromPeer" TEXT NOT NULL,
    "toPeer" TEXT,
    "kind" "CallSignalKind" NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallSignal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallMediaInterval" (
    "id" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "participant" "Participant" NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "heartbeats" INTEGER NOT NULL DEFAULT 1,
    "open" BOOLEAN NOT NULL DEFAULT true,
    "mergedGaps" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CallMediaInterval_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CallSignal_lessonId_id_idx" ON "CallSignal"("lessonId", "id");

-- CreateIndex
CREATE INDEX "CallSignal_expiresAt_idx" ON "CallSignal"("expiresAt");

-- CreateIndex
CREATE INDEX "CallMediaInterval_lessonId_participant_lastSeenAt_idx" ON "CallMediaInterval"("lessonId", "participant", "lastSeenAt");

-- AddForeignKey
ALTER TABLE "CallSignal" ADD CONSTRAINT "CallSignal_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallMediaInterval" ADD CONSTRAINT "CallMediaInterval_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- manual_call: rules Prisma cannot express (kept at the end so the migration can be regenerated above them).
-- At most one open media span per participant and lesson: a heartbeat extends it, it never races into two.
CREATE UNIQUE INDEX "manual_call_media_one_open" ON "CallMediaInterval" ("lessonId", "participant") WHERE "open";

ALTER TABLE "CallMediaInterval" ADD CONSTRAINT "manual_call_media_span"
  CHECK ("lastSeenAt" >= "startedAt" AND "heartbeats" >= 1 AND "mergedGaps" >= 0);
