// The sandboxes' side of the invariants page's provider counters: read over their control plane. Registered at server
// start when the app runs against the sandboxes (src/instrumentation.ts); production code sees only the interface.
import type { Env } from "~/env";
import type { ProviderCountersGateway, ProviderCountSource } from "~/server/admin/provider-counters";
import type { ProviderCounts } from "~/server/ledger/check-invariants";
import { type PayPalCounters, SandboxControlClient, type StripeCounters } from "./control-client";

const NAMES = { stripe: "Stripe", paypal: "PayPal" } as const;

/** One provider's counters, or why there are none (real keys configured, the sandbox did not answer). */
async function readOne<C>(
  provider: "stripe" | "paypal",
  realKeysNote: string | null,
  port: number,
  take: (c: C) => ProviderCounts,
): Promise<{ counts: ProviderCounts; source: ProviderCountSource }> {
  if (realKeysNote) return { counts: {}, source: { provider, used: false, note: realKeysNote } };
  try {
    const c = await new SandboxControlClient<C>(`http://127.0.0.1:${port}`).counters();
    return { counts: take(c), source: { provider, used: true, note: `${NAMES[provider]} sandbox counters (port ${port})` } };
  } catch (err) {
    const note = `the ${NAMES[provider]} sandbox did not answer (${(err as Error).message}); provider-side checks skipped`;
    return { counts: {}, source: { provider, used: false, note } };
  }
}

export function sandboxProviderCounters(e: Env): ProviderCountersGateway {
  return {
    async read() {
      const results = await Promise.all([
        readOne<StripeCounters>(
          "stripe",
          e.STRIPE_SECRET_KEY
            ? "real Stripe keys are configured: the provider's counters are not available, so captures are checked from our records only"
            : null,
          e.STRIPE_SANDBOX_PORT,
          (c) => ({ captures: c.captures, transfersByGroup: c.transfersByGroup }),
        ),
        readOne<PayPalCounters>(
          "paypal",
          e.PAYPAL_CLIENT_ID ? "real PayPal keys are configured: batch counters are not available" : null,
          e.PAYPAL_SANDBOX_PORT,
          (c) => ({ batchesBySenderBatchId: c.batchesBySenderBatchId }),
        ),
      ]);
      return { counts: Object.assign({}, ...results.map((r) => r.counts)), sources: results.map((r) => r.source) };
    },
  };
}
