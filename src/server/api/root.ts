import { createCallerFactory, createTRPCRouter } from "~/server/api/trpc";
import { meRouter } from "./routers/me/_router";

export const appRouter = createTRPCRouter({
  me: meRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
