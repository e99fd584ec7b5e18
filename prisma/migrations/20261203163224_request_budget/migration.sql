-- CreateTable
CREATE TABLE "request_budget" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "request_budget_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "request_budget_expire_idx" ON "request_budget"("expire");
