import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { adminListLessons } from "~/server/admin/lists";
import { savedTimeZone } from "~/server/users/saved-time-zone";
import type { TLessonsInputSchema } from "./lessons.schema";

type LessonsOptions = { ctx: AdminContext; input: TLessonsInputSchema };

export const lessonsHandler = async ({ ctx, input }: LessonsOptions) =>
  adminListLessons(ctx.services, { ...input, timeZone: await savedTimeZone(ctx.services, ctx.user) });
