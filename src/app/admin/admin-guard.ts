import "server-only";
import { requireUser } from "~/server/auth/require-user";

/** ADMIN only: signed-out visitors go to sign-in (and come back), students and tutors are sent home with a notice. */
export function requireAdmin(next: string) {
  return requireUser({ role: "ADMIN", next });
}

type Params = Record<string, string | string[] | undefined>;

/** One text search parameter (the first if repeated), trimmed; undefined when empty. */
export function param(params: Params, name: string): string | undefined {
  const raw = params[name];
  const v = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return v ? v.slice(0, 200) : undefined;
}

/** A search parameter that must be one of `values` (anything else is ignored). */
export function oneOf<T extends string>(params: Params, name: string, values: readonly T[]): T | undefined {
  const v = param(params, name);
  return v && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** A YYYY-MM-DD day (as <input type="date"> sends it), else undefined. */
export function day(params: Params, name: string): string | undefined {
  const v = param(params, name);
  return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
}
