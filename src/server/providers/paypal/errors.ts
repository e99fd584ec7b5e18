// What @paypal/payouts-sdk rejects with, mapped into the app's one ProviderError (see ../errors.ts for the kinds).
import "server-only";
import { mappedCalls, ProviderError, type ProviderFailure } from "../errors";

interface PayPalErrorBody {
  name?: string;
  message?: string;
  error?: string;
  error_description?: string;
  details?: Array<{ field?: string; issue?: string; link?: Array<{ href?: string }> }>;
}

function parseErrorBody(text: unknown): PayPalErrorBody {
  if (typeof text !== "string") return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null ? (v as PayPalErrorBody) : {};
  } catch {
    return {};
  }
}

/** Maps what @paypal/payouts-sdk rejects with into a ProviderError. */
export function toPayPalProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = err as { statusCode?: number; message?: string; code?: string };
  const status = typeof e.statusCode === "number" ? e.statusCode : null;
  if (status === null) {
    // No HTTP answer: timeout ("Request timed out"), reset or refused connection.
    const message = e.message ?? String(err);
    const code = /timed out/i.test(message) ? "timeout" : (e.code ?? "connection_error");
    return new ProviderError({ kind: "ambiguous", provider: "paypal", code, message, statusCode: null }, { cause: err });
  }
  const body = parseErrorBody(e.message);
  const name = body.name ?? body.error ?? `HTTP_${status}`;
  const message = body.message ?? body.error_description ?? e.message ?? name;
  let failure: ProviderFailure;
  const duplicate = body.details?.find((d) => d.field === "SENDER_BATCH_ID");
  if (status === 400 && name === "USER_BUSINESS_ERROR" && duplicate) {
    const href = duplicate.link?.[0]?.href ?? "";
    const existing = /\/v1\/payments\/payouts\/([^/?#]+)/.exec(href)?.[1] ?? null;
    failure = {
      kind: "invalid_state",
      provider: "paypal",
      code: "duplicate_sender_batch_id",
      message: duplicate.issue ?? message,
      paymentIntentStatus: null,
      paymentIntentId: null,
      existingBatchId: existing,
    };
  } else if (name === "ITEM_INCORRECT_STATUS" || name === "ITEM_ALREADY_CANCELLED") {
    failure = {
      kind: "invalid_state",
      provider: "paypal",
      code: name,
      message,
      paymentIntentStatus: null,
      paymentIntentId: null,
      existingBatchId: null,
    };
  } else if (status === 401 || status === 403) {
    failure = { kind: "auth", provider: "paypal", code: name, message };
  } else if (status === 429) {
    failure = { kind: "rate_limited", provider: "paypal", code: name, message };
  } else if (status >= 500 || status === 409) {
    // 5xx: "you can safely retry the request with the same sender_batch_id"; 409: same request id still in flight.
    failure = { kind: "ambiguous", provider: "paypal", code: name, message, statusCode: status };
  } else if (name === "INSUFFICIENT_FUNDS") {
    failure = { kind: "declined", provider: "paypal", code: name, declineCode: null, message, paymentIntentId: null };
  } else {
    failure = {
      kind: "invalid_request",
      provider: "paypal",
      code: name,
      message,
      param: body.details?.[0]?.field ?? null,
      statusCode: status,
    };
  }
  return new ProviderError(failure, { cause: err });
}

export const call = mappedCalls(toPayPalProviderError);
