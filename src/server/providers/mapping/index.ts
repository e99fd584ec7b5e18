// Provider objects → what they mean for us: a PaymentIntent, refund total or dispute → a lifecycle command (and how the
// operation that asked ends); a transfer or PayPal item → a payout update. Every path that learns a provider state
// (worker answer, webhook, sweep, payout run) goes through these functions.
import "server-only";
export {
  commandFromIntent,
  OBSERVER,
  operationFinish,
  readPaymentIntent,
  refundCommand,
  type IntentAsker,
  type IntentReading,
  type OperationFinish,
} from "./payment-intent";
export {
  payoutIdOfTransferGroup,
  payoutUpdateFromPayPalItem,
  payoutUpdateFromTransfer,
  returnsFromTransfer,
  statusFromPayPalItem,
  transferGroupOf,
} from "./payout";
export { commandFromDispute, disputeFacts, disputeStatusOf } from "./dispute";
export {
  chargeRelation,
  paymentIdOf,
  paymentIntentRelation,
  transferRelation,
  type ObjectRelation,
  type PaymentBinding,
  type PayoutBinding,
} from "./relation";
