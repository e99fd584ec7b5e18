import "server-only";
// The providers' own counters for the invariants page (a capture executed twice at the provider is only visible there).
// Production code knows only this interface: the local sandboxes implement it (src/sandbox/invariants-gateway.ts) and
// are wired in at server start (src/instrumentation.ts) when they are in use; real Stripe and PayPal have no such
// counters, so without a registered gateway the checks run on our own records alone.
import type { ProviderCounts } from "~/server/ledger/check-invariants";

export interface ProviderCountSource {
  provider: "stripe" | "paypal";
  used: boolean;
  note: string;
}

export interface ProviderCountersGateway {
  read(): Promise<{ counts: ProviderCounts; sources: ProviderCountSource[] }>;
}

const NO_COUNTERS: ProviderCountersGateway = {
  read: async () => ({
    counts: {},
    sources: [
      { provider: "stripe", used: false, note: "Stripe keeps no counters we can read: captures are checked from our records only" },
      { provider: "paypal", used: false, note: "PayPal keeps no counters we can read: batches are checked from our records only" },
    ],
  }),
};

// On globalThis: Next bundles the start-up hook and the route handlers separately, so a module variable would not be
// the same one in both.
const g = globalThis as unknown as { __providerCounters?: ProviderCountersGateway };

/** Called once at server start by whoever runs the sandboxes (never by production code paths). */
export function registerProviderCounters(gateway: ProviderCountersGateway): void {
  g.__providerCounters = gateway;
}

export function providerCounters(): ProviderCountersGateway {
  return g.__providerCounters ?? NO_COUNTERS;
}
