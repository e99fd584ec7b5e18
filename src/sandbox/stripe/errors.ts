// Stripe's error JSON: {error: {type, code?, decline_code?, message, param?, payment_intent?, ...}}
// with the HTTP statuses stripe-node maps to its error classes
// (400/404 invalid request, 401 auth, 402 card, 409 conflict, 429 rate limit, 5xx api).

export type StripeErrorType = "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  payment_intent?: unknown;
  setup_intent?: unknown;
  payment_method?: unknown;
  charge?: string;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    /**
     * Stripe saves an idempotent result only once the endpoint starts executing:
     * a request that fails parameter validation is not saved, so fixing it and
     * retrying with the same key works.
     */
    readonly storeForIdempotency = true,
  ) {
    super(body.message);
  }

  toJSON() {
    return { error: this.body };
  }
}

const doc = (code: string) => `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}`;

export function invalidRequest(
  message: string,
  opts: { code?: string; param?: string; status?: number; store?: boolean; extra?: Partial<StripeErrorBody> } = {},
): StripeApiError {
  const body: StripeErrorBody = { type: "invalid_request_error", message, ...opts.extra };
  if (opts.code) {
    body.code = opts.code;
    body.doc_url = doc(opts.code);
  }
  if (opts.param) body.param = opts.param;
  return new StripeApiError(opts.status ?? 400, body, opts.store ?? true);
}

export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, { code: "parameter_missing", param, store: false });
}

export function invalidParam(param: string, message: string, code = "parameter_invalid_string"): StripeApiError {
  return invalidRequest(message, { code, param, store: false });
}

export function resourceMissing(kind: string, id: string, param?: string): StripeApiError {
  return invalidRequest(`No such ${kind}: '${id}'`, { code: "resource_missing", param, status: param ? 400 : 404 });
}

export function unexpectedState(message: string, paymentIntent: unknown): StripeApiError {
  return invalidRequest(message, {
    code: "payment_intent_unexpected_state",
    extra: { payment_intent: paymentIntent },
  });
}

export function cardError(opts: {
  code: string;
  declineCode?: string;
  message: string;
  param?: string;
  paymentIntent?: unknown;
  setupIntent?: unknown;
  paymentMethod?: unknown;
  charge?: string;
}): StripeApiError {
  const body: StripeErrorBody = { type: "card_error", code: opts.code, message: opts.message, doc_url: doc(opts.code) };
  if (opts.declineCode) body.decline_code = opts.declineCode;
  if (opts.param) body.param = opts.param;
  if (opts.charge) body.charge = opts.charge;
  if (opts.paymentIntent) body.payment_intent = opts.paymentIntent;
  if (opts.setupIntent) body.setup_intent = opts.setupIntent;
  if (opts.paymentMethod) body.payment_method = opts.paymentMethod;
  return new StripeApiError(402, body);
}

export function apiError(message = "An unknown error occurred on Stripe's end (sandbox-injected fault)."): StripeApiError {
  return new StripeApiError(500, { type: "api_error", message });
}

export function rateLimitError(): StripeApiError {
  return new StripeApiError(
    429,
    {
      type: "invalid_request_error",
      code: "rate_limit",
      doc_url: doc("rate_limit"),
      message: "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
    },
    false,
  );
}

export function authError(message: string): StripeApiError {
  return new StripeApiError(401, { type: "invalid_request_error", message }, false);
}

export function idempotencyMismatch(key: string): StripeApiError {
  return new StripeApiError(
    400,
    {
      type: "idempotency_error",
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    },
    false,
  );
}

export function idempotencyInUse(): StripeApiError {
  return new StripeApiError(
    409,
    {
      type: "invalid_request_error",
      code: "idempotency_key_in_use",
      doc_url: doc("idempotency_key_in_use"),
      message: "There is currently another in-progress request using this Stripe-Idempotency-Key. Please try again later.",
    },
    false,
  );
}
