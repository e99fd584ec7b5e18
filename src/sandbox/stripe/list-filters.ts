// Stripe's `created` filter on list endpoints: an exact second (`created=…`) or a range
// (`created[gte]=…&created[lt]=…`), in epoch seconds.
import type { Params } from "./params";
import { invalidParam } from "./errors";

const BOUNDS = ["gt", "gte", "lt", "lte"] as const;

function asSeconds(name: string, v: unknown): number {
  if (typeof v !== "string" || !/^\d+$/.test(v)) throw invalidParam(name, `Invalid integer: ${String(v)}`, "parameter_invalid_integer");
  return Number(v);
}

/** A predicate on an object's `created`, from the request's `created` parameter (everything passes without it). */
export function createdFilter(p: Params): (created: number) => boolean {
  const v = p.created;
  if (v === undefined || v === "") return () => true;
  if (typeof v === "string") {
    const exact = asSeconds("created", v);
    return (c) => c === exact;
  }
  if (Array.isArray(v)) throw invalidParam("created", "Invalid created: an integer or an object of gt, gte, lt, lte");
  const unknown = Object.keys(v).find((k) => !(BOUNDS as readonly string[]).includes(k));
  if (unknown) throw invalidParam(`created[${unknown}]`, `Received unknown parameter: created[${unknown}]`);
  const gt = v.gt === undefined ? undefined : asSeconds("created[gt]", v.gt);
  const gte = v.gte === undefined ? undefined : asSeconds("created[gte]", v.gte);
  const lt = v.lt === undefined ? undefined : asSeconds("created[lt]", v.lt);
  const lte = v.lte === undefined ? undefined : asSeconds("created[lte]", v.lte);
  return (c) =>
    (gt === undefined || c > gt) && (gte === undefined || c >= gte) && (lt === undefined || c < lt) && (lte === undefined || c <= lte);
}
