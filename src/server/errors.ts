import "server-only";
// One error type for the business layer. Services throw AppError with a code from
// this short list and a message a person can act on; the tRPC layer maps the code
// to a tRPC/HTTP code in one place (src/server/api/trpc.ts).

export const APP_ERROR_CODES = [
  "BAD_INPUT", // the input breaks a rule about its shape or value (names the field)
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT", // someone else changed it first (slot taken, already paid…)
  "RULE_VIOLATION", // allowed input, but the business rule says no right now
  "PROVIDER_ERROR", // Stripe/PayPal said no or could not be reached
  "RATE_LIMITED",
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: { field?: string; rule?: string; [k: string]: unknown } = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
