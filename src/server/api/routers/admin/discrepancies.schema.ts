import "server-only";
import { z } from "zod";

export const ZDiscrepanciesInputSchema = z.object({
  state: z.enum(["open", "resolved"], { error: "state: open or resolved" }).default("open"),
});
export type TDiscrepanciesInputSchema = z.infer<typeof ZDiscrepanciesInputSchema>;
