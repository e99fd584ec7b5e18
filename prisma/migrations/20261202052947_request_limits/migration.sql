-- CreateTable
CREATE TABLE "request_limit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" TIMESTAMP(3),

    CONSTRAINT "request_limit_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "request_limit_expire_idx" ON "request_limit"("expire");
