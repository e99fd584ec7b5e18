import "server-only";
// The invariants page: the ledger/payment checker, with the providers' own counters where a gateway for them is
// registered (the local sandboxes, see provider-counters.ts).
import type { Db } from "~/server/db/client";
import { checkLedger, type Violation } from "~/server/ledger/check-invariants";
import { providerCounters, type ProviderCountersGateway } from "./provider-counters";

export type { ProviderCountSource } from "./provider-counters";

/** Where a person goes to look at a violation's subject. */
export function violationHref(v: Pick<Violation, "subjectType" | "subjectId" | "lessonId">): string {
  if (v.lessonId) return `/admin/lessons/${v.lessonId}`;
  switch (v.subjectType) {
    case "LESSON":
      return `/admin/lessons/${v.subjectId}`;
    case "PAYOUT":
    case "TUTOR":
      return `/admin/payouts?q=${encodeURIComponent(v.subjectId)}`;
    case "PAYMENT":
      return `/admin/lessons?q=${encodeURIComponent(v.subjectId)}`;
    case "LEDGER_ENTRY":
      return `/admin/audit?subject=${encodeURIComponent(v.subjectId)}`;
  }
}

export async function runInvariants(db: Db, now: Date, counts: ProviderCountersGateway["read"] = () => providerCounters().read()) {
  const provider = await counts();
  const violations = await checkLedger(db, provider.counts);
  return { checkedAt: now, sources: provider.sources, violations: violations.map((v) => ({ ...v, href: violationHref(v) })) };
}
