// The app's only door to Stripe. Everything else in the app calls this gateway and gets plain typed results or a
// ProviderError, never SDK objects. With no secret key the client talks to the local Stripe sandbox (src/sandbox/stripe);
// with STRIPE_SECRET_KEY it talks to api.stripe.com.
//   client.ts    the stripe-node client (key or sandbox URL, timeout, SDK retries)
//   types.ts     plain snapshots, inputs and the StripeGateway interface
//   mappers.ts   SDK objects → snapshots
//   errors.ts    SDK errors → ProviderError
//   payments.ts  customers, cards, PaymentIntents, refunds
//   connect.ts   express accounts, onboarding links, transfers
//   disputes.ts  chargebacks and inquiries: read, list, evidence and submit, close
//   lists.ts     list APIs page by page (reconciliation)
//   webhooks.ts  signature check and event mapping
//   gateway.ts   the gateway assembled, and the environment's one
import "server-only";
export { ProviderError, isProviderError } from "../errors";
export type { ProviderFailure, ProviderErrorKind } from "../errors";
export { createStripeClient, type StripeClientConfig } from "./client";
export { toStripeProviderError } from "./errors";
export { LIST_PAGE_SIZE, type ListedDispute, type ListPage, type ListPageInput, type StripeListing } from "./lists";
export { type GatedRequest, type GatedResponse, type RequestGate, withRequestGate } from "./gated-http-client";
export { connectStripe, createStripeGateway, stripeConnectionFromEnv, stripeFromEnv, stripeModeOf, type StripeConnection } from "./gateway";
export type { DisputeEvidence, DisputeSnapshot, StripeDisputeCalls } from "./disputes";
export type {
  AccountSnapshot,
  AuthorizeInput,
  AuthorizeResult,
  CaptureResult,
  ChargeSnapshot,
  PaymentIntentSnapshot,
  RefundResult,
  StripeGateway,
  StripeGatewayOptions,
  StripeWebhookEvent,
  TransferSnapshot,
} from "./types";
