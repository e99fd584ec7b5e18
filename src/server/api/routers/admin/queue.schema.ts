import "server-only";
import { z } from "zod";
import { QUEUE_CATEGORIES } from "~/server/admin/queue-types";

export const ZQueueInputSchema = z.object({ category: z.enum(QUEUE_CATEGORIES).optional() }).optional();
export type TQueueInputSchema = z.infer<typeof ZQueueInputSchema>;
