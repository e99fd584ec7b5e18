// PayPal's REST error JSON: {name, message, debug_id, information_link, details[{field, location, issue, link?}], links}.
import { randomToken } from "../shared/ids";

export interface PayPalErrorDetail {
  field?: string;
  value?: string;
  location?: string;
  issue: string;
  description?: string;
  link?: Array<{ href: string; rel: string; method: string; encType?: string }>;
}

export class PayPalApiError extends Error {
  constructor(
    readonly status: number,
    readonly name: string,
    message: string,
    readonly details: PayPalErrorDetail[] = [],
  ) {
    super(message);
  }

  toJSON() {
    return {
      name: this.name,
      message: this.message,
      debug_id: randomToken(13, "0123456789abcdef"),
      information_link: "https://developer.paypal.com/docs/api/payments.payouts-batch/#errors",
      details: this.details,
      links: [],
    };
  }
}

export function validationError(details: PayPalErrorDetail[]): PayPalApiError {
  return new PayPalApiError(400, "VALIDATION_ERROR", "Invalid request - see details", details);
}

export function notFound(what: string): PayPalApiError {
  return new PayPalApiError(404, "RESOURCE_NOT_FOUND", `The requested resource (${what}) was not found.`, [
    { issue: "INVALID_RESOURCE_ID", description: "Requested resource ID was not found." },
  ]);
}

export function internalError(): PayPalApiError {
  return new PayPalApiError(500, "INTERNAL_SERVICE_ERROR", "An internal service error has occurred.");
}

export function rateLimited(): PayPalApiError {
  return new PayPalApiError(429, "RATE_LIMIT_REACHED", "Too many requests. Blocked due to rate limiting.");
}

export function authFailure(): PayPalApiError {
  return new PayPalApiError(
    401,
    "AUTHENTICATION_FAILURE",
    "Authentication failed due to invalid authentication credentials or a missing Authorization header.",
  );
}
