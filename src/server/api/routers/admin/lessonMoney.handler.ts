import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { adminLessonMoney } from "~/server/admin/lesson-money";
import type { TLessonMoneyInputSchema } from "./lessonMoney.schema";

type LessonMoneyOptions = { ctx: AdminContext; input: TLessonMoneyInputSchema };

export const lessonMoneyHandler = ({ ctx, input }: LessonMoneyOptions) => adminLessonMoney(ctx.services, input.lessonId);
