import "server-only";
import { z } from "zod";
import { lessonId, ZPeerId } from "../common.schema";

const hello = z.object({
  kind: z.literal("HELLO"),
  toPeer: ZPeerId.nullable(),
  payload: z.object({ mic: z.boolean(), camera: z.boolean() }),
});
const bye = z.object({ kind: z.literal("BYE"), toPeer: z.null(), payload: z.object({}) });
const description = z.object({
  kind: z.literal("DESCRIPTION"),
  toPeer: ZPeerId,
  payload: z.object({ type: z.enum(["offer", "answer"]), sdp: z.string().min(1).max(64_000) }),
});
const candidate = z.object({
  kind: z.literal("CANDIDATE"),
  toPeer: ZPeerId,
  payload: z.object({
    candidate: z.string().max(2_000),
    sdpMid: z.string().max(64).nullable(),
    sdpMLineIndex: z.number().int().min(0).max(255).nullable(),
    usernameFragment: z.string().max(256).nullable(),
  }),
});

export const ZSignalMessage = z.discriminatedUnion("kind", [hello, bye, description, candidate]);

export const ZSendInputSchema = z.object({
  lessonId,
  fromPeer: ZPeerId,
  messages: z.array(ZSignalMessage).min(1, "send at least one message").max(50, "send at most 50 messages at once"),
});
export type TSendInputSchema = z.infer<typeof ZSendInputSchema>;
