import "server-only";
import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { listHandler } from "./list.handler";
import { ZListInputSchema } from "./list.schema";
import { markReadHandler } from "./markRead.handler";
import { ZMarkReadInputSchema } from "./markRead.schema";
import { preferencesHandler } from "./preferences.handler";
import { ZPreferencesInputSchema } from "./preferences.schema";
import { setPreferenceHandler } from "./setPreference.handler";
import { ZSetPreferenceInputSchema } from "./setPreference.schema";

export const notificationRouter = createTRPCRouter({
  list: protectedProcedure.input(ZListInputSchema).query(({ ctx, input }) => listHandler({ ctx, input })),
  markRead: protectedProcedure.input(ZMarkReadInputSchema).mutation(({ ctx, input }) => markReadHandler({ ctx, input })),
  preferences: protectedProcedure.input(ZPreferencesInputSchema).query(({ ctx, input }) => preferencesHandler({ ctx, input })),
  setPreference: protectedProcedure.input(ZSetPreferenceInputSchema).mutation(({ ctx, input }) => setPreferenceHandler({ ctx, input })),
});
