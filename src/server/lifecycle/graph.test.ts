import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LESSON_EDGES, PAYMENT_EDGES, canMove, renderLifecycleMermaid, type Edge } from "./graph";
import { LESSON_STATUSES, PAYMENT_STATUSES } from "./types";
import { TERMINAL_LESSON_STATUSES } from "~/shared/statuses";

/** Topological order exists iff the graph (without self-loops) has no cycle. */
function isAcyclic(statuses: readonly string[], edges: readonly Edge<string>[]): boolean {
  const incoming = new Map(statuses.map((s) => [s, 0]));
  const real = edges.filter((e) => e.from !== e.to);
  for (const e of real) incoming.set(e.to, (incoming.get(e.to) ?? 0) + 1);
  const ready = statuses.filter((s) => incoming.get(s) === 0);
  let seen = 0;
  while (ready.length > 0) {
    const s = ready.pop() as string;
    seen += 1;
    for (const e of real.filter((x) => x.from === s)) {
      const left = (incoming.get(e.to) ?? 0) - 1;
      incoming.set(e.to, left);
      if (left === 0) ready.push(e.to);
    }
  }
  return seen === statuses.length;
}

describe("status graph", () => {
  it("never lets a status move backwards: both graphs are acyclic apart from the partial-refund self-loop", () => {
    expect(isAcyclic(LESSON_STATUSES, LESSON_EDGES)).toBe(true);
    expect(isAcyclic(PAYMENT_STATUSES, PAYMENT_EDGES)).toBe(true);
    const loops = [...LESSON_EDGES, ...PAYMENT_EDGES].filter((e) => e.from === e.to).map((e) => e.from);
    expect(loops).toEqual(["PARTIALLY_REFUNDED"]);
  });

  it("has nothing leaving a terminal status", () => {
    for (const terminal of TERMINAL_LESSON_STATUSES) {
      for (const to of LESSON_STATUSES) expect(canMove("LESSON", terminal, to)).toBe(false);
    }
    for (const terminal of ["REFUNDED", "VOIDED", "EXPIRED", "FAILED"] as const) {
      for (const to of PAYMENT_STATUSES) expect(canMove("PAYMENT", terminal, to)).toBe(false);
    }
  });

  it.each([
    ["LESSON", "ENDED_EARLY", "COMPLETED", "FINALIZE", true],
    ["LESSON", "ENDED_EARLY", "COMPLETED", "END_CALL", false], // the incident's late "end" cannot complete a lesson
    ["LESSON", "COMPLETED", "ENDED_EARLY", undefined, false],
    ["LESSON", "ENDED_EARLY", "IN_PROGRESS", undefined, false],
    ["LESSON", "IN_PROGRESS", "SCHEDULED", undefined, false],
    ["PAYMENT", "CAPTURED", "AUTHORIZED", undefined, false],
    ["PAYMENT", "EXPIRED", "CAPTURED", undefined, false],
    ["PAYMENT", "CAPTURED", "EXPIRED", undefined, false],
    ["PAYMENT", "AUTHORIZED", "CAPTURED", "CAPTURE_SUCCEEDED", true],
    ["PAYMENT", "AUTHORIZED", "CAPTURED", "ADMIN_CAPTURE", false], // only the provider's answer captures
  ] as const)("canMove(%s, %s → %s via %s) = %s", (subject, from, to, via, expected) => {
    expect(canMove(subject as never, from as never, to as never, via)).toBe(expected);
  });

  it("mentions each status in at least one edge", () => {
    for (const s of LESSON_STATUSES) expect(LESSON_EDGES.some((e) => e.from === s || e.to === s)).toBe(true);
    for (const s of PAYMENT_STATUSES) expect(PAYMENT_EDGES.some((e) => e.from === s || e.to === s)).toBe(true);
  });
});

describe("docs/lifecycle.md", () => {
  it("is the rendered graph and policy (regenerate with `npx tsx scripts/render-lifecycle-doc.ts`)", () => {
    const path = fileURLToPath(new URL("../../../docs/lifecycle.md", import.meta.url));
    const committed = readFileSync(path, "utf8");
    expect(
      committed === renderLifecycleMermaid(),
      "docs/lifecycle.md is out of date with src/server/lifecycle/graph.ts or policy.ts. Run: npx tsx scripts/render-lifecycle-doc.ts",
    ).toBe(true);
  });

  it("draws two mermaid state diagrams labelled with commands, and the policy table", () => {
    const doc = renderLifecycleMermaid();
    expect(doc.match(/```mermaid\nstateDiagram-v2/g)).toHaveLength(2);
    expect(doc).toContain("IN_PROGRESS --> ENDED_EARLY : END_CALL");
    expect(doc).toContain("AUTHORIZED --> CAPTURED : CAPTURE_SUCCEEDED");
    expect(doc).toContain("| `platformFeeBps` | 2000 bps (20 %) |");
    expect(doc).toContain("| `freeCancellationNoticeMs` | 24 h (86400000 ms) |");
  });
});
