import "server-only";
import { createTRPCRouter, publicProcedure } from "~/server/api/trpc";
import { getTutor, listTutors } from "~/server/tutors/tutor-directory";
import { getTutorInput } from "./get.schema";

// Public: a visitor may browse tutors before signing in; booking itself is studentProcedure.
export const tutorRouter = createTRPCRouter({
  list: publicProcedure.query(({ ctx }) => listTutors(ctx.services)),
  get: publicProcedure.input(getTutorInput).query(({ ctx, input }) => getTutor(ctx.services, input.tutorId)),
});
