import "server-only";
import type { Context } from "~/server/api/trpc";
import { getTutor } from "~/server/tutors/tutor-directory";
import type { TGetInputSchema } from "./get.schema";

type GetOptions = { ctx: Context; input: TGetInputSchema };

export const getHandler = ({ ctx, input }: GetOptions) => getTutor(ctx.services, input.tutorId);
