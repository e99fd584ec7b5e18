import "server-only";
import { z } from "zod";
import { QUEUE_CATEGORIES } from "~/server/admin/queue-types";

export const adminQueueInput = z.object({ category: z.enum(QUEUE_CATEGORIES).optional() }).optional();
