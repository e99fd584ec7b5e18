/** Increments `record[key]` (records are plain objects so they serialize as JSON). */
export function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}
