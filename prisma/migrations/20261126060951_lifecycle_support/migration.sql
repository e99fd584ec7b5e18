-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "reconciledAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ClockOffset" (
    "id" TEXT NOT NULL,
    "offsetMs" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClockOffset_pkey" PRIMARY KEY ("id")
);
