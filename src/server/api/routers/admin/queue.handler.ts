import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { filterQueue, needsAttention } from "~/server/admin/queue";
import type { TQueueInputSchema } from "./queue.schema";

type QueueOptions = { ctx: AdminContext; input: TQueueInputSchema };

export const queueHandler = async ({ ctx, input }: QueueOptions) => {
  const now = ctx.services.now();
  return { now, items: filterQueue(await needsAttention({ ...ctx.services, now: () => now }), input?.category) };
};
