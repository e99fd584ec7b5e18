-- AlterEnum
ALTER TYPE "OperationKind" ADD VALUE 'DISPUTE_EVIDENCE';

-- manual_payment_taken_back: refunds and lost disputes together never take back more than was captured.
ALTER TABLE "Payment" ADD CONSTRAINT "manual_payment_taken_back"
  CHECK ("amountDisputed" >= 0 AND "amountRefunded" + "amountDisputed" <= "amountCaptured");
