import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { adminLessonDetail } from "~/server/admin/lesson-detail";
import type { TLessonInputSchema } from "./lesson.schema";

type LessonOptions = { ctx: AdminContext; input: TLessonInputSchema };

export const lessonHandler = ({ ctx, input }: LessonOptions) => adminLessonDetail(ctx.services, input.lessonId);
