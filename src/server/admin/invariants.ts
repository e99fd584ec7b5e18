// The invariants page: the ledger/payment checker, with the providers' own counters when
// the local Stripe/PayPal sandboxes are in use (a capture executed twice at the provider
// is only visible there). With real keys configured there are no such counters to read.
import { env, type Env } from "~/env";
import type { Db } from "~/server/db/client";
import { checkLedger, type ProviderCounts, type Violation } from "~/server/ledger/check-invariants";
import { type PayPalCounters, SandboxControlClient, type StripeCounters } from "~/sandbox/control-client";

export interface ProviderCountSource {
  provider: "stripe" | "paypal";
  used: boolean;
  note: string;
}

export async function sandboxProviderCounts(e: Env = env()): Promise<{ counts: ProviderCounts; sources: ProviderCountSource[] }> {
  const counts: ProviderCounts = {};
  const sources: ProviderCountSource[] = [];
  if (e.STRIPE_SECRET_KEY) {
    sources.push({
      provider: "stripe",
      used: false,
      note: "real Stripe keys are configured: the provider's counters are not available, so captures are checked from our records only",
    });
  } else {
    try {
      const c = await new SandboxControlClient<StripeCounters>(`http://127.0.0.1:${e.STRIPE_SANDBOX_PORT}`).counters();
      counts.captures = c.captures;
      counts.transfersByGroup = c.transfersByGroup;
      sources.push({ provider: "stripe", used: true, note: `Stripe sandbox counters (port ${e.STRIPE_SANDBOX_PORT})` });
    } catch (err) {
      sources.push({
        provider: "stripe",
        used: false,
        note: `the Stripe sandbox did not answer (${(err as Error).message}); provider-side checks skipped`,
      });
    }
  }
  if (e.PAYPAL_CLIENT_ID) {
    sources.push({ provider: "paypal", used: false, note: "real PayPal keys are configured: batch counters are not available" });
  } else {
    try {
      const c = await new SandboxControlClient<PayPalCounters>(`http://127.0.0.1:${e.PAYPAL_SANDBOX_PORT}`).counters();
      counts.batchesBySenderBatchId = c.batchesBySenderBatchId;
      sources.push({ provider: "paypal", used: true, note: `PayPal sandbox counters (port ${e.PAYPAL_SANDBOX_PORT})` });
    } catch (err) {
      sources.push({
        provider: "paypal",
        used: false,
        note: `the PayPal sandbox did not answer (${(err as Error).message}); provider-side checks skipped`,
      });
    }
  }
  return { counts, sources };
}

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

export async function runInvariants(
  db: Db,
  now: Date,
  counts: () => Promise<{ counts: ProviderCounts; sources: ProviderCountSource[] }> = sandboxProviderCounts,
) {
  const provider = await counts();
  const violations = await checkLedger(db, provider.counts);
  return { checkedAt: now, sources: provider.sources, violations: violations.map((v) => ({ ...v, href: violationHref(v) })) };
}
