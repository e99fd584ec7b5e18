// Full-book reconciliation: our payments and payouts against the providers' objects, in both directions, by list
// API (one call per 100 objects, inside the rate limiter), resumable, writing discrepancies, alerts and (where safe)
// repairs through the lifecycle.
//   findings.ts          what a check produces: findings by kind about one subject
//   compare-payment.ts   a payment vs its PaymentIntent; PaymentIntents that are no payment's current one
//   compare-payout.ts    a payout vs its transfer or PayPal item; foreign transfers; disputes
//   provider-objects.ts  what each page saw, remembered as ProviderObject rows
//   record.ts            discrepancies and their alerts opened, seen again, resolved
//   walk-stripe.ts       the provider's lists, page by page
//   walk-ours.ts         our rows the lists did not show; PayPal batches
//   run.ts               the pass: phases, cursor, lease, budget
import "server-only";
export { reconcile, PHASES, type ReconcileOptions, type ReconcileReport } from "./run";
export { RECONCILER } from "./record";
