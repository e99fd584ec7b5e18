-- CreateIndex
CREATE INDEX "Lesson_scheduledStart_id_idx" ON "Lesson"("scheduledStart" DESC, "id" DESC);
