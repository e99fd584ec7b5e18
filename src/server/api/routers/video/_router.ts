import "server-only";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { configHandler } from "./config.handler";
import { ZConfigInputSchema } from "./config.schema";
import { evidenceHandler } from "./evidence.handler";
import { ZEvidenceInputSchema } from "./evidence.schema";
import { heartbeatHandler } from "./heartbeat.handler";
import { ZHeartbeatInputSchema } from "./heartbeat.schema";
import { pollHandler } from "./poll.handler";
import { ZPollInputSchema } from "./poll.schema";
import { sendHandler } from "./send.handler";
import { ZSendInputSchema } from "./send.schema";

export const videoRouter = createTRPCRouter({
  config: protectedProcedure.input(ZConfigInputSchema).query(({ ctx, input }) => configHandler({ ctx, input })),
  send: protectedProcedure.input(ZSendInputSchema).mutation(({ ctx, input }) => sendHandler({ ctx, input })),
  poll: protectedProcedure.input(ZPollInputSchema).query(({ ctx, input }) => pollHandler({ ctx, input })),
  heartbeat: protectedProcedure.input(ZHeartbeatInputSchema).mutation(({ ctx, input }) => heartbeatHandler({ ctx, input })),
  evidence: adminProcedure.input(ZEvidenceInputSchema).query(({ ctx, input }) => evidenceHandler({ ctx, input })),
});
