-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "toAddress" TEXT;
