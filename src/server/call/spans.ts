// Time spans as plain numbers (ms since epoch): totals and overlaps for the media evidence. Pure, unit-tested.
import "server-only";

export interface Span {
  from: number;
  to: number;
}

/** The spans merged where they touch or overlap, sorted: a union a total can be read from. */
export function union(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.to >= s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}

export function totalMs(spans: readonly Span[]): number {
  return union(spans).reduce((sum, s) => sum + (s.to - s.from), 0);
}

/** Where both lists cover the same instants ("both connected"). */
export function intersection(a: readonly Span[], b: readonly Span[]): Span[] {
  const x = union(a);
  const y = union(b);
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const from = Math.max(x[i]!.from, y[j]!.from);
    const to = Math.min(x[i]!.to, y[j]!.to);
    if (to > from) out.push({ from, to });
    if (x[i]!.to < y[j]!.to) i++;
    else j++;
  }
  return out;
}
