import "server-only";
import type { Db } from "~/server/db/client";

// Non-production only. The app's clock = the machine's clock + an offset kept in the
// database, so the ops CLI (`npm run ops -- clock advance 73h`) and e2e tests can move
// time for a running server, the way the sandboxes' clocks move. Production ignores it.

const ID = "app";

export async function readClockOffsetMs(db: Db, enabled: boolean): Promise<number> {
  if (!enabled) return 0;
  const row = await db.clockOffset.findUnique({ where: { id: ID } });
  return row ? Number(row.offsetMs) : 0;
}

export async function setClockOffsetMs(db: Db, offsetMs: number): Promise<void> {
  await db.clockOffset.upsert({
    where: { id: ID },
    create: { id: ID, offsetMs: BigInt(offsetMs) },
    update: { offsetMs: BigInt(offsetMs) },
  });
}

export function offsetClock(offsetMs: number): () => Date {
  // eslint-disable-next-line no-restricted-syntax -- the one place the machine's clock is read
  return () => new Date(Date.now() + offsetMs);
}
