// The admin actions: one shell (button, confirm dialog with a required reason, pending state, outcome line) and one
// file per action family.
export { ActionShell, type Outcome, OutcomeProvider, paymentOutcome } from "./action-shell";
export { CaptureAction, VoidAction } from "./capture-void";
export { RefundAction, type RefundablePayment } from "./refund";
export { RetryPayoutAction } from "./payout-retry";
export { ResolveProblemAction } from "./problem-resolution";
export { ResolveAlertAction } from "./alert-resolution";
export { ResolveDiscrepancyAction } from "./discrepancy-resolution";
export { SubmitDisputeEvidenceAction } from "./dispute-evidence";
