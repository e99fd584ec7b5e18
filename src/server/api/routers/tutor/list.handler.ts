import "server-only";
import type { Context } from "~/server/api/trpc";
import { listTutors } from "~/server/tutors/tutor-directory";
import type { TListInputSchema } from "./list.schema";

type ListOptions = { ctx: Context; input: TListInputSchema };

export const listHandler = ({ ctx }: ListOptions) => listTutors(ctx.services);
