import "server-only";
/**
 * Run `fn` over `items` with at most `concurrency` at a time, stopping (not starting new
 * items) once `stopAt` (performance.now() ms) has passed: cron runs have a time limit
 * and the next tick resumes where this one stopped.
 */
export async function runEach<T>(
  items: T[],
  concurrency: number,
  stopAt: number | undefined,
  fn: (item: T) => Promise<void>,
): Promise<number> {
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < items.length && (stopAt === undefined || performance.now() < stopAt)) {
      const item = items[next++] as T;
      await fn(item);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return done;
}

export interface JobBudget {
  /** performance.now() deadline after which no new work is claimed */
  stopAt?: number;
  batchSize?: number;
  concurrency?: number;
}
