import "server-only";
import type { Prisma } from "~/generated/prisma/client";
import type { SessionUser } from "~/server/auth";
import { AppError } from "~/server/errors";
import type { Services } from "~/server/services";
import { callAccess } from "./call-access";
import { CALL_POLICY } from "./call-policy";

export type SignalKind = "HELLO" | "BYE" | "DESCRIPTION" | "CANDIDATE";

export interface OutgoingSignal {
  kind: SignalKind;
  /** null: any page of the other participant (a hello); else the one page it answers */
  toPeer: string | null;
  payload: Prisma.InputJsonObject;
}

export interface IncomingSignal {
  id: number;
  fromPeer: string;
  toPeer: string | null;
  kind: SignalKind;
  payload: Prisma.JsonValue;
}

/**
 * Store one page's messages for the other participant. One statement per send (a batch of candidates is one insert),
 * so a page that sends one batch at a time writes its messages in the order it produced them. Expired messages of
 * this lesson go in the same transaction, so a lesson's rows never pile up between sweeps.
 */
export async function postSignals(
  services: Services,
  user: Pick<SessionUser, "id" | "role">,
  input: { lessonId: string; fromPeer: string; messages: OutgoingSignal[] },
): Promise<{ stored: number }> {
  const { side, now } = await callAccess(services, user, input.lessonId);
  if (input.messages.length === 0) return { stored: 0 };
  const { db } = services;
  const live = await db.callSignal.count({ where: { lessonId: input.lessonId, sender: side, expiresAt: { gt: now } } });
  if (live + input.messages.length > CALL_POLICY.maxLiveSignalsPerSender) {
    throw new AppError("RATE_LIMITED", "Too many call messages from this page; wait a minute, then reload the page.", {
      rule: "CALL_SIGNAL_LIMIT",
    });
  }
  const expiresAt = new Date(now.getTime() + CALL_POLICY.signalTtlMs);
  const [, created] = await db.$transaction([
    db.callSignal.deleteMany({ where: { lessonId: input.lessonId, expiresAt: { lte: now } } }),
    db.callSignal.createMany({
      data: input.messages.map((m) => ({
        lessonId: input.lessonId,
        sender: side,
        fromPeer: input.fromPeer,
        toPeer: m.toPeer,
        kind: m.kind,
        payload: m.payload,
        createdAt: now,
        expiresAt,
      })),
    }),
  ]);
  return { stored: created.count };
}

/**
 * The other participant's messages after `after` (the last id this page saw), oldest first: one range scan on
 * (lessonId, id). Expired messages are never returned, whether or not the sweep has deleted them yet.
 */
export async function readSignals(
  services: Services,
  user: Pick<SessionUser, "id" | "role">,
  input: { lessonId: string; after: number },
): Promise<{ messages: IncomingSignal[]; cursor: number; more: boolean }> {
  const { other, now } = await callAccess(services, user, input.lessonId);
  const rows = await services.db.callSignal.findMany({
    where: { lessonId: input.lessonId, id: { gt: BigInt(input.after) }, sender: other, expiresAt: { gt: now } },
    orderBy: { id: "asc" },
    take: CALL_POLICY.maxSignalsPerRead,
    select: { id: true, fromPeer: true, toPeer: true, kind: true, payload: true },
  });
  const messages = rows.map((r) => ({ ...r, id: Number(r.id) }));
  return {
    messages,
    cursor: messages.at(-1)?.id ?? input.after,
    more: rows.length === CALL_POLICY.maxSignalsPerRead,
  };
}

/** The sweep's cleanup: expired signalling rows, in bounded batches. */
export async function deleteExpiredCallSignals(services: Services, opts: { batchSize?: number } = {}): Promise<number> {
  const now = services.now();
  return services.db.$executeRaw`
    DELETE FROM "CallSignal" WHERE id IN (
      SELECT id FROM "CallSignal" WHERE "expiresAt" <= ${now} ORDER BY "expiresAt" LIMIT ${opts.batchSize ?? 5000}
    )`;
}
