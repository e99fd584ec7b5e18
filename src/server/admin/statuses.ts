import "server-only";
// Status values the admin filters offer: the one list in src/shared/statuses.ts, under the names the filters use.
export {
  LESSON_STATUSES as LESSON_STATUS_VALUES,
  PAYMENT_STATUSES as PAYMENT_STATUS_VALUES,
  PAYOUT_STATUSES as PAYOUT_STATUS_VALUES,
} from "~/shared/statuses";
