import "server-only";
import type { Context } from "~/server/api/trpc";
import { tutorFreeSlots } from "~/server/availability/availability-service";
import type { TSlotsInputSchema } from "./slots.schema";

type SlotsOptions = { ctx: Context; input: TSlotsInputSchema };

/** Free slots as instants; pages show them in the viewer's time zone. */
export const slotsHandler = ({ ctx, input }: SlotsOptions) => tutorFreeSlots(ctx.services, input.tutorId, input.durationMinutes);
