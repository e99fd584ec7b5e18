import "server-only";
// The poll's one indexed read, shared by the polls that arrive together: a thousand open lesson pages send ~670 polls
// a second, and each statement costs the process a pool checkout, Prisma's request path and a socket round trip no
// matter how small it is. So one lookup is in flight at a time: polls that arrive while it runs wait for it to finish
// and then go out together as one `WHERE id = ANY(…)` statement (when none is in flight, at the end of this turn of
// the event loop, so a quiet process adds no delay). Nothing is cached: every poll reads the database after it arrived.
import DataLoader from "dataloader";
import type { Db } from "~/server/db/client";

export interface PollRow {
  id: string;
  version: number;
  studentId: string;
  tutorId: string;
  studentUpdatedAt: Date;
  tutorUpdatedAt: Date;
}

/** the most polls one statement answers (its array parameter stays small; the rest go in the next statement) */
const MAX_BATCH = 500;

const loaders = new WeakMap<Db, DataLoader<string, PollRow | undefined>>();

function loaderFor(db: Db): DataLoader<string, PollRow | undefined> {
  let loader = loaders.get(db);
  if (!loader) {
    /** settles (never rejects) when the lookup in flight has answered or failed */
    let inFlight: Promise<void> | null = null;
    loader = new DataLoader(
      (ids) => {
        const batch = lookup(db, ids);
        const settled: Promise<void> = batch
          .then(
            () => undefined,
            () => undefined, // the failure reaches the waiting polls through `batch`
          )
          .then(() => {
            if (inFlight === settled) inFlight = null;
          });
        inFlight = settled;
        return batch;
      },
      {
        cache: false,
        maxBatchSize: MAX_BATCH,
        batchScheduleFn: (dispatch) => {
          const running = inFlight;
          if (running) void running.then(() => setImmediate(dispatch));
          else setImmediate(dispatch);
        },
      },
    );
    loaders.set(db, loader);
  }
  return loader;
}

async function lookup(db: Db, ids: readonly string[]): Promise<(PollRow | undefined)[]> {
  // Three primary-key lookups per lesson: its version, whose lesson it is, when the people last changed.
  const rows = await db.$queryRaw<PollRow[]>`
    SELECT l.id, l.version, l."studentId", l."tutorId", s."updatedAt" AS "studentUpdatedAt", t."updatedAt" AS "tutorUpdatedAt"
    FROM "Lesson" l JOIN "user" s ON s.id = l."studentId" JOIN "user" t ON t.id = l."tutorId"
    WHERE l.id = ANY(${[...new Set(ids)]})`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}

/** The poll row of a lesson (undefined when there is no such lesson), read together with the polls that arrive with it. */
export function pollRowOf(db: Db, lessonId: string): Promise<PollRow | undefined> {
  return loaderFor(db).load(lessonId);
}
