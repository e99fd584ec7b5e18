import "server-only";
import { z } from "zod";
import { lessonId } from "../common.schema";

export const ZHeartbeatInputSchema = z.object({
  lessonId,
  /** the peer connection is connected */
  connected: z.boolean(),
  /** the other's audio or video is arriving (bytes received grew since the last heartbeat) */
  receiving: z.boolean(),
});
export type THeartbeatInputSchema = z.infer<typeof ZHeartbeatInputSchema>;
