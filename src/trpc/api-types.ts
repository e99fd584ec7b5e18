import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "~/server/api/root";

// What procedures return, as the browser receives them (superjson keeps Dates as Dates).
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type LessonDto = RouterOutputs["lesson"]["get"];
export type TutorCardDto = RouterOutputs["tutor"]["list"][number];
export type SlotDto = RouterOutputs["availability"]["slots"]["slots"][number];
