import "server-only";
import { z } from "zod";
import { QUEUE_CATEGORIES } from "~/server/admin/queue-types";

export const ZQueueInputSchema = z
  .object({
    category: z.enum(QUEUE_CATEGORIES).optional(),
    /** the `nextCursor` of the previous page */
    cursor: z.string().max(2_000).nullish(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .optional();
export type TQueueInputSchema = z.infer<typeof ZQueueInputSchema>;
