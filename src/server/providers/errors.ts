import "server-only";
// The one error type the app sees from payment providers, whichever SDK is
// underneath. Callers branch on `failure.kind`:
// - declined         the card/bank said no; do not retry with the same method
// - invalid_state    the object is not in a state that allows this (e.g. capture
//                    on a succeeded or canceled PaymentIntent, duplicate PayPal
//                    sender_batch_id); `paymentIntentStatus` says which state
// - rate_limited     back off and retry later with the same idempotency key
// - ambiguous        timeout, 5xx, reset or lost response, or the same key still in
//                    flight: the operation MAY have happened. Reconcile by
//                    retrieving before any retry.
// - invalid_request  a bug or bad input: retrying won't help
// - auth             bad credentials or webhook signature

export type ProviderName = "stripe" | "paypal";

export type ProviderFailure =
  | {
      kind: "declined";
      provider: ProviderName;
      code: string;
      declineCode: string | null;
      message: string;
      paymentIntentId: string | null;
    }
  | {
      kind: "invalid_state";
      provider: ProviderName;
      code: string;
      message: string;
      /** Stripe: `err.payment_intent.status` (e.g. "succeeded" after a double capture, "canceled" after expiry). */
      paymentIntentStatus: string | null;
      paymentIntentId: string | null;
      /** PayPal: the batch a duplicate sender_batch_id already created (from the error's HATEOAS link). */
      existingBatchId: string | null;
    }
  | { kind: "rate_limited"; provider: ProviderName; code: string; message: string }
  | { kind: "ambiguous"; provider: ProviderName; code: string; message: string; statusCode: number | null }
  | { kind: "invalid_request"; provider: ProviderName; code: string; message: string; param: string | null; statusCode: number | null }
  | { kind: "auth"; provider: ProviderName; code: string; message: string };

export type ProviderErrorKind = ProviderFailure["kind"];

export class ProviderError extends Error {
  override readonly name = "ProviderError";

  constructor(
    readonly failure: ProviderFailure,
    options?: { cause?: unknown },
  ) {
    super(`${failure.provider} ${failure.kind} (${failure.code}): ${failure.message}`, options);
  }

  get kind(): ProviderErrorKind {
    return this.failure.kind;
  }

  get code(): string {
    return this.failure.code;
  }
}

export function isProviderError(err: unknown, kind?: ProviderErrorKind): err is ProviderError {
  return err instanceof ProviderError && (kind === undefined || err.failure.kind === kind);
}

/** A call into an SDK whose every rejection comes out mapped (by that provider's mapper) into a ProviderError. */
export function mappedCalls(toProviderError: (err: unknown) => unknown) {
  return async function call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toProviderError(err);
    }
  };
}
