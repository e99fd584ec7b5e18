import "server-only";
import { createTRPCRouter, publicProcedure } from "~/server/api/trpc";
import { listHandler } from "./list.handler";
import { ZListInputSchema } from "./list.schema";
import { getHandler } from "./get.handler";
import { ZGetInputSchema } from "./get.schema";

// Public: a visitor may browse tutors before signing in; booking itself is studentProcedure.
export const tutorRouter = createTRPCRouter({
  list: publicProcedure.input(ZListInputSchema).query(({ ctx, input }) => listHandler({ ctx, input })),
  get: publicProcedure.input(ZGetInputSchema).query(({ ctx, input }) => getHandler({ ctx, input })),
});
