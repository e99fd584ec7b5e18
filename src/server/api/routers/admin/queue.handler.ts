import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { attentionPage } from "~/server/admin/queue-page";
import type { TQueueInputSchema } from "./queue.schema";

type QueueOptions = { ctx: AdminContext; input: TQueueInputSchema };

export const queueHandler = async ({ ctx, input }: QueueOptions) => {
  const now = ctx.services.now();
  return attentionPage({ ...ctx.services, now: () => now }, { category: input?.category, cursor: input?.cursor, limit: input?.limit });
};
