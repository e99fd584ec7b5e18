import "server-only";
import { z } from "zod";
import { tutorId } from "../common.schema";

export const ZGetInputSchema = z.object({ tutorId });
export type TGetInputSchema = z.infer<typeof ZGetInputSchema>;
