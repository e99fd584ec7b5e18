// docs/domain.md states the rules in words and names the policy.ts number behind each (`key = value unit`). This
// keeps the two in step: a number changed in one place and not the other, or a policy number the doc never mentions,
// fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultPolicy } from "~/server/lifecycle/policy";

const doc = readFileSync(new URL("../../docs/domain.md", import.meta.url), "utf8");
/** The rules table: from its heading to the next one. */
const rules = doc.slice(doc.indexOf("## The rules"), doc.indexOf("\n## ", doc.indexOf("## The rules") + 1));

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** "15 min" → 900000, "2000 bps" → 2000, "5" → 5, "25, 50" → [25, 50]. */
function valueOf(text: string): unknown {
  if (text.includes(",")) return text.split(",").map((v) => Number(v.trim()));
  const m = /^(\d+)(?: (ms|s|min|h|d|bps))?$/.exec(text.trim());
  if (!m) throw new Error(`cannot read "${text}"`);
  return Number(m[1]) * (m[2] && m[2] !== "bps" ? UNIT_MS[m[2]]! : 1);
}

function leaves(value: object, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, v);
  }
  return out;
}

const stated = new Map([...rules.matchAll(/`([a-zA-Z]+(?:\.[a-zA-Z]+)?) = ([^`]+)`/g)].map((m) => [m[1]!, m[2]!] as const));

describe("docs/domain.md and policy.ts", () => {
  it("names every policy number", () => {
    expect([...leaves(defaultPolicy).keys()].filter((k) => !stated.has(k))).toEqual([]);
  });

  it.each([...leaves(defaultPolicy)])("states %s as policy.ts has it", (key, value) => {
    expect(stated.has(key), `docs/domain.md does not mention \`${key} = …\``).toBe(true);
    expect(valueOf(stated.get(key)!)).toEqual(Array.isArray(value) ? [...value] : value);
  });

  it("mentions no number that policy.ts does not have", () => {
    const known = leaves(defaultPolicy);
    expect([...stated.keys()].filter((k) => !known.has(k))).toEqual([]);
  });
});
