import "server-only";
import * as paypalNs from "@paypal/payouts-sdk";

// The package is CommonJS and Node's ESM loader only detects some of its exports
// (`payouts` is missing from the namespace); its `default` is the full exports object.
export const paypal: typeof paypalNs = (paypalNs as unknown as { default?: typeof paypalNs }).default ?? paypalNs;
export type { paypalNs };
