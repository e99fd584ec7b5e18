import "server-only";
import { type z } from "zod";
import { ZNoInputSchema } from "../common.schema";

export const ZOnboardingLinkInputSchema = ZNoInputSchema;
export type TOnboardingLinkInputSchema = z.infer<typeof ZOnboardingLinkInputSchema>;
