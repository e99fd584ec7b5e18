import "server-only";
import { createCallerFactory, createTRPCRouter } from "~/server/api/trpc";
import { adminRouter } from "./routers/admin/_router";
import { availabilityRouter } from "./routers/availability/_router";
import { videoRouter } from "./routers/video/_router";
import { earningsRouter } from "./routers/earnings/_router";
import { lessonRouter } from "./routers/lesson/_router";
import { payoutRouter } from "./routers/payout/_router";
import { meRouter } from "./routers/me/_router";
import { notificationRouter } from "./routers/notification/_router";
import { tutorRouter } from "./routers/tutor/_router";

export const appRouter = createTRPCRouter({
  me: meRouter,
  lesson: lessonRouter,
  admin: adminRouter,
  earnings: earningsRouter,
  payout: payoutRouter,
  tutor: tutorRouter,
  availability: availabilityRouter,
  notification: notificationRouter,
  // the call on the lesson page ("call" is a reserved word for tRPC router keys)
  video: videoRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
