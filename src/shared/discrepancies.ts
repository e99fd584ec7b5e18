// The discrepancy kinds reconciliation names, and what an admin does about each. Plain data: the job writes the kind,
// the admin page and the queue show the guidance.

export const DISCREPANCY_KINDS = ["PROVIDER_ONLY", "OURS_ONLY", "STATUS_MISMATCH", "AMOUNT_MISMATCH", "FEE_SPLIT_MISMATCH"] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

/** What a discrepancy is about: one of our rows, or a provider object with no row of ours. */
export const DISCREPANCY_SUBJECTS = ["PAYMENT", "PAYOUT", "DISPUTE", "PROVIDER_OBJECT"] as const;
export type DiscrepancySubject = (typeof DISCREPANCY_SUBJECTS)[number];

export const DISCREPANCY_GUIDE: Record<DiscrepancyKind, { title: string; whatToDo: string }> = {
  PROVIDER_ONLY: {
    title: "Provider object with no row of ours",
    whatToDo:
      "Open the object in the provider's dashboard. A hold or charge nobody here asked for: cancel or refund it there. A transfer or payout to a tutor with no payout of ours: find who made it before paying that tutor again.",
  },
  OURS_ONLY: {
    title: "Our row with no provider object",
    whatToDo:
      "The provider has no object for the id we recorded: check the id (another account or mode?). If no money moved, correct the payment or payout through the admin actions; never mark it paid by hand.",
  },
  STATUS_MISMATCH: {
    title: "Status disagreement",
    whatToDo:
      "Safe cases were repaired through the lifecycle. Otherwise: if the provider holds or took money we think released, cancel or refund it at the provider (or capture it if the lesson was delivered); if we think money was taken that the provider never took, do not pay the tutor until it is explained.",
  },
  AMOUNT_MISMATCH: {
    title: "Amount disagreement",
    whatToDo:
      "Compare ours and theirs. A refund made in the provider's dashboard is recorded automatically; any other difference (captured, transferred, reversed, disputed) needs a person: correct it at the provider or record the loss, then resolve.",
  },
  FEE_SPLIT_MISMATCH: {
    title: "Fee split does not match",
    whatToDo:
      "The platform fee the provider recorded differs from ours (captured must equal fee + tutor share). Check the fee setting used at capture; the tutor is owed the share our books show.",
  },
};
