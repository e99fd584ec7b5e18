// Reading typed values out of parsed form parameters, failing the way Stripe does.
import type { FormObject, FormValue } from "./form-parse";
import { invalidParam, missingParam } from "./errors";

export type Params = FormObject;

export function optString(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw invalidParam(name, `Invalid string: ${name} must be a string.`);
  return v;
}

export function reqString(p: Params, name: string): string {
  const v = optString(p, name);
  if (v === undefined || v === "") throw missingParam(name);
  return v;
}

export function optInt(p: Params, name: string): number | undefined {
  const v = p[name];
  if (v === undefined || v === "") return undefined;
  if (typeof v !== "string" || !/^-?\d+$/.test(v)) {
    throw invalidParam(name, `Invalid integer: ${String(v)}`, "parameter_invalid_integer");
  }
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw invalidParam(name, `Invalid integer: ${v}`, "parameter_invalid_integer");
  return n;
}

export function reqInt(p: Params, name: string): number {
  const v = optInt(p, name);
  if (v === undefined) throw missingParam(name);
  return v;
}

export function optBool(p: Params, name: string): boolean | undefined {
  const v = p[name];
  if (v === undefined || v === "") return undefined;
  if (v === "true") return true;
  if (v === "false") return false;
  throw invalidParam(name, `Invalid boolean: ${String(v)}`, "parameter_invalid_boolean");
}

export function optObject(p: Params, name: string): FormObject | undefined {
  const v = p[name];
  if (v === undefined || v === "") return undefined;
  if (typeof v === "string" || Array.isArray(v)) throw invalidParam(name, `Invalid object: ${name}`);
  return v;
}

/** `metadata[k]=v` pairs; an empty value deletes the key, `metadata=` clears all (Stripe semantics). */
export function applyMetadata(current: Record<string, string>, p: Params): Record<string, string> {
  const v: FormValue | undefined = p.metadata;
  if (v === undefined) return current;
  if (v === "") return {};
  if (typeof v === "string" || Array.isArray(v)) throw invalidParam("metadata", "Invalid object: metadata");
  const next = { ...current };
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== "string") throw invalidParam(`metadata[${k}]`, "Metadata values must be strings.");
    if (x === "") delete next[k];
    else next[k] = x;
  }
  return next;
}

export function expandList(p: Params): string[] {
  const v = p.expand;
  if (v === undefined) return [];
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  throw invalidParam("expand", "Invalid array: expand");
}

export function listLimit(p: Params): number {
  const limit = optInt(p, "limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalidParam("limit", "limit must be between 1 and 100", "parameter_invalid_integer");
  return limit;
}

/**
 * Stripe's `created` filter on list endpoints: `created=<unix s>` or `created[gte|gt|lte|lt]=<unix s>`. Returns a
 * predicate on an object's `created` (seconds).
 */
export function createdFilter(p: Params): (created: number) => boolean {
  const v = p.created;
  if (v === undefined || v === "") return () => true;
  if (typeof v === "string") {
    const exact = optInt(p, "created") as number;
    return (c) => c === exact;
  }
  if (Array.isArray(v)) throw invalidParam("created", "Invalid created: give an integer or created[gte|gt|lte|lt].");
  const bounds: Partial<Record<"gte" | "gt" | "lte" | "lt", number>> = {};
  for (const [op, raw] of Object.entries(v)) {
    if (op !== "gte" && op !== "gt" && op !== "lte" && op !== "lt")
      throw invalidParam(`created[${op}]`, `Received unknown parameter: created[${op}]`);
    if (typeof raw !== "string" || !/^\d+$/.test(raw))
      throw invalidParam(`created[${op}]`, `Invalid integer: ${String(raw)}`, "parameter_invalid_integer");
    bounds[op] = Number(raw);
  }
  return (c) =>
    (bounds.gte === undefined || c >= bounds.gte) &&
    (bounds.gt === undefined || c > bounds.gt) &&
    (bounds.lte === undefined || c <= bounds.lte) &&
    (bounds.lt === undefined || c < bounds.lt);
}

/**
 * Stripe's list envelope, newest first, with `starting_after` cursor paging and the `created` filter. The cursor is an
 * object id: objects created after the first page was read appear before it, so a walk that started is never shifted.
 */
export function listOf<T extends { id: string; created?: unknown }, R = T>(url: string, all: T[], p: Params, render?: (item: T) => R) {
  const limit = listLimit(p);
  const after = optString(p, "starting_after");
  const inWindow = createdFilter(p);
  const items = all.filter((x) => typeof x.created !== "number" || inWindow(x.created));
  let start = 0;
  if (after) {
    const idx = items.findIndex((x) => x.id === after);
    start = idx === -1 ? items.length : idx + 1;
  }
  // Only the page is rendered (copied, expanded): a walk over a large sandbox stays one page's work per call.
  const page = items.slice(start, start + limit);
  const data = render ? page.map(render) : (page as unknown as R[]);
  return { object: "list" as const, data, has_more: start + limit < items.length, url };
}

/**
 * A list endpoint's objects, newest first, keeping those whose field equals the request's parameter of the same name
 * for each of `filters` the request gives (e.g. `?payment_intent=pi_…&customer=cus_…`).
 */
export function newestMatching<T extends object>(p: Params, objects: Iterable<T>, filters: readonly (keyof T & string)[]): T[] {
  const wanted = filters.map((field) => [field, optString(p, field)] as const).filter(([, v]) => v); // an empty parameter filters nothing
  return [...objects].filter((o) => wanted.every(([field, v]) => o[field] === v)).reverse();
}
