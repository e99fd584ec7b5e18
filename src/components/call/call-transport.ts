"use client";

import { useMemo } from "react";
import { useTRPCClient } from "~/trpc/react";
import type { CallTransport, OutgoingSignal } from "./call-provider";

const SEND_URL = "/api/trpc/video.send";

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
      sendOnExit: (lessonId: string, fromPeer: string, messages: OutgoingSignal[]) => {
        // superjson's wire shape for a plain input; same-origin, so the route's cross-site check lets it through
        const body = JSON.stringify({ json: { lessonId, fromPeer, messages } });
        try {
          void fetch(SEND_URL, {
            method: "POST",
            keepalive: true,
            credentials: "same-origin",
            headers: { "content-type": "application/json" },
            body,
          }).catch(() => {});
        } catch {
          navigator.sendBeacon?.(SEND_URL, new Blob([body], { type: "application/json" }));
        }
      },
    }),
    [client],
  );
}
