"use client";

import { sendMutationOnExit } from "~/trpc/send-on-exit";
import { useMemo } from "react";
import { useTRPCClient } from "~/trpc/react";
import type { CallTransport, OutgoingSignal } from "./call-provider";

/** The call's way to our server: the tRPC client, plus a keepalive request for the goodbye when the page goes. */
export function useCallTransport(): CallTransport {
  const client = useTRPCClient();
  return useMemo(
    () => ({
      config: (lessonId) => client.video.config.query({ lessonId }),
      send: async (lessonId, fromPeer, messages) => {
        await client.video.send.mutate({ lessonId, fromPeer, messages });
      },
      poll: (lessonId, after) => client.video.poll.query({ lessonId, after }),
      heartbeat: async (lessonId, connected, receiving) => {
        await client.video.heartbeat.mutate({ lessonId, connected, receiving });
      },
      sendOnExit: (lessonId: string, fromPeer: string, messages: OutgoingSignal[]) =>
        sendMutationOnExit("video.send", { lessonId, fromPeer, messages }),
    }),
    [client],
  );
}
