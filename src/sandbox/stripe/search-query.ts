// A subset of Stripe's Search Query Language, enough for PaymentIntents:
//   metadata['lessonId']:'les_1' AND status:'requires_capture'
//   customer:'cus_1' OR customer:'cus_2'      -status:'canceled'      amount>1000
// Clauses are joined by AND or by OR (Stripe forbids mixing them).
import { invalidRequest } from "./errors";

export type Clause = { field: string; metadataKey?: string; op: ":" | ">" | "<" | ">=" | "<="; value: string; negate: boolean };

const CLAUSE = /^(-)?(metadata\[(?:'([^']*)'|"([^"]*)")\]|[a-z_]+)(:|>=|<=|>|<)(?:'([^']*)'|"([^"]*)"|([^\s'"]+))$/;

export function parseSearchQuery(query: string): { mode: "and" | "or"; clauses: Clause[] } {
  const trimmed = query.trim();
  const bad = () => invalidRequest(`Invalid search query: ${query}`, { param: "query", code: "parameter_invalid_string", store: false });
  if (!trimmed) throw bad();
  const hasAnd = / AND /.test(trimmed);
  const hasOr = / OR /.test(trimmed);
  if (hasAnd && hasOr) throw invalidRequest("Search queries cannot mix AND and OR.", { param: "query", store: false });
  const parts = trimmed.split(hasOr ? / OR / : / AND /);
  const clauses = parts.map((raw) => {
    const m = CLAUSE.exec(raw.trim());
    if (!m) throw bad();
    const metadataKey = m[3] ?? m[4];
    return {
      negate: m[1] === "-",
      field: metadataKey !== undefined ? "metadata" : (m[2] ?? ""),
      metadataKey,
      op: (m[5] ?? ":") as Clause["op"],
      value: m[6] ?? m[7] ?? m[8] ?? "",
    };
  });
  return { mode: hasOr ? "or" : "and", clauses };
}

export function matchesQuery(obj: Record<string, unknown>, q: { mode: "and" | "or"; clauses: Clause[] }): boolean {
  const test = (c: Clause): boolean => {
    let actual: unknown;
    if (c.field === "metadata") actual = (obj.metadata as Record<string, string> | undefined)?.[c.metadataKey ?? ""];
    else actual = obj[c.field];
    let hit: boolean;
    if (c.op === ":") hit = actual !== undefined && actual !== null && String(actual) === c.value;
    else {
      const a = Number(actual);
      const b = Number(c.value);
      hit = c.op === ">" ? a > b : c.op === "<" ? a < b : c.op === ">=" ? a >= b : a <= b;
    }
    return c.negate ? !hit : hit;
  };
  return q.mode === "and" ? q.clauses.every(test) : q.clauses.some(test);
}
