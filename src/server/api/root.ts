import { createCallerFactory, createTRPCRouter } from "~/server/api/trpc";
import { adminRouter } from "./routers/admin/_router";
import { lessonRouter } from "./routers/lesson/_router";
import { meRouter } from "./routers/me/_router";

export const appRouter = createTRPCRouter({
  me: meRouter,
  lesson: lessonRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
