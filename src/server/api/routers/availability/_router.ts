import "server-only";
import { createTRPCRouter, publicProcedure, tutorProcedure } from "~/server/api/trpc";
import { mineHandler } from "./mine.handler";
import { ZMineInputSchema } from "./mine.schema";
import { saveHandler } from "./save.handler";
import { ZSaveInputSchema } from "./save.schema";
import { slotsHandler } from "./slots.handler";
import { ZSlotsInputSchema } from "./slots.schema";

export const availabilityRouter = createTRPCRouter({
  mine: tutorProcedure.input(ZMineInputSchema).query(({ ctx, input }) => mineHandler({ ctx, input })),
  save: tutorProcedure.input(ZSaveInputSchema).mutation(({ ctx, input }) => saveHandler({ ctx, input })),
  slots: publicProcedure.input(ZSlotsInputSchema).query(({ ctx, input }) => slotsHandler({ ctx, input })),
});
