// The app's only door to PayPal Payouts, through @paypal/payouts-sdk. Without credentials the client talks to the
// local PayPal sandbox (src/sandbox/paypal); with PAYPAL_CLIENT_ID/SECRET it talks to PayPal's sandbox or live API
// (PAYPAL_MODE). Results are plain typed objects; failures are ProviderErrors with the same kinds as Stripe's.
//   money.ts    minor units <-> PayPal decimal strings
//   client.ts   the SDK client (credentials or local sandbox URL, timeout)
//   types.ts    plain snapshots and the PayPalGateway interface
//   errors.ts   SDK rejections → ProviderError
//   gateway.ts  the gateway, and the environment's one
//   webhook.ts  verifying a webhook delivery with PayPal before acting on it
import "server-only";
export { ProviderError, isProviderError } from "../errors";
export type { ProviderFailure, ProviderErrorKind } from "../errors";
export { createPayPalClient, type PayPalClient, type PayPalClientConfig } from "./client";
export { toPayPalProviderError } from "./errors";
export { connectPayPal, createPayPalGateway, paypalConnectionFromEnv, paypalFromEnv, type PayPalConnection } from "./gateway";
export { minorToPayPalValue, payPalValueToMinor } from "./money";
export { LOCAL_SANDBOX_WEBHOOK_ID, paypalWebhookId, verifyPayPalWebhook, type PayPalWebhookVerdict } from "./webhook";
export type { BatchSnapshot, BatchSummary, CreateBatchPayoutInput, PayPalGateway, PayoutItemInput, PayoutItemSnapshot } from "./types";
