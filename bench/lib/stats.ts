export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const fmt = (n: number, digits = 1) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function table(rows: Record<string, string | number>[]) {
  console.table(rows);
}

/** How many times to repeat each measurement (`--runs N`, default 3). */
export function runsFromArgs(): number {
  const i = process.argv.indexOf("--runs");
  return i >= 0 ? Number(process.argv[i + 1]) : 3;
}

export const quick = process.argv.includes("--quick");

/** The p-th percentile (nearest rank) of `xs`. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
