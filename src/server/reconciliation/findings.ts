import "server-only";
// What a reconciliation check produces: findings about one subject, named by kind, with ours and theirs side by side.
import type { DiscrepancyKind, DiscrepancySubject } from "~/shared/discrepancies";

export interface Finding {
  kind: DiscrepancyKind;
  /** CRITICAL when money is held or moved that our books do not account for */
  severity: "WARNING" | "CRITICAL";
  message: string;
  ours: Record<string, unknown> | null;
  theirs: Record<string, unknown> | null;
}

/** One subject checked against the provider: everything found about it (empty: it agrees). */
export interface SubjectCheck {
  subjectType: DiscrepancySubject;
  subjectId: string;
  lessonId: string | null;
  providerObjectId: string | null;
  /** the kinds this check can see: an open discrepancy of these kinds that is not found again is resolved */
  checks: readonly DiscrepancyKind[];
  findings: Finding[];
}

export const PAYMENT_CHECKS: readonly DiscrepancyKind[] = ["OURS_ONLY", "STATUS_MISMATCH", "AMOUNT_MISMATCH", "FEE_SPLIT_MISMATCH"];
export const PAYOUT_CHECKS: readonly DiscrepancyKind[] = ["OURS_ONLY", "STATUS_MISMATCH", "AMOUNT_MISMATCH"];
export const DISPUTE_CHECKS: readonly DiscrepancyKind[] = ["PROVIDER_ONLY", "STATUS_MISMATCH", "AMOUNT_MISMATCH"];
export const OBJECT_CHECKS: readonly DiscrepancyKind[] = ["PROVIDER_ONLY"];
