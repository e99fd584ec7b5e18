// Stripe's request encoding: `application/x-www-form-urlencoded` with bracket
// nesting, as produced by stripe-node and Stripe.js:
//   metadata[lessonId]=x            -> { metadata: { lessonId: "x" } }
//   transfer_data[destination]=acct -> { transfer_data: { destination: "acct" } }
//   expand[0]=latest_charge         -> { expand: ["latest_charge"] }
//   expand[]=customer               -> { expand: ["customer"] }
// GET requests carry the same encoding in the query string.

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/** Splits `a[b][0][]` into ["a", "b", "0", ""]. */
export function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key.slice(open))) !== null) parts.push(m[1] ?? "");
  return parts;
}

const isIndex = (s: string) => s === "" || /^\d+$/.test(s);

function assign(container: FormObject | FormValue[], parts: string[], value: string): void {
  const [head, ...rest] = parts;
  if (head === undefined) return;
  // In an array the part is an index (`a[]` appends); in an object, a key.
  const key = Array.isArray(container) ? (head === "" ? container.length : Number(head)) : head;
  const slots = container as Record<string | number, FormValue | undefined>;
  if (rest.length === 0) {
    slots[key] = value;
    return;
  }
  let child = slots[key];
  if (child === undefined || typeof child === "string") {
    child = isIndex(rest[0] ?? "") ? [] : {};
    slots[key] = child;
  }
  assign(child, rest, value);
}

/** Parses a form body or a query string (a leading "?" is ignored). */
export function parseForm(input: string): FormObject {
  const out: FormObject = {};
  const text = input.startsWith("?") ? input.slice(1) : input;
  if (!text) return out;
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    assign(out, splitKey(decode(rawKey)), decode(rawValue));
  }
  return compactArrays(out) as FormObject;
}

/** Sparse arrays (e.g. only `items[1]` sent) become dense. */
function compactArrays(v: FormValue): FormValue {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(compactArrays);
  const o: FormObject = {};
  for (const [k, x] of Object.entries(v)) o[k] = compactArrays(x);
  return o;
}

/** Canonical JSON (sorted keys) for comparing the parameters of idempotent retries. */
export function canonical(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`;
}
