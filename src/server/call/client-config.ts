import "server-only";
import type { Env } from "~/env";
import type { SessionUser } from "~/server/auth";
import type { Services } from "~/server/services";
import { callAccess } from "./call-access";
import { CALL_POLICY } from "./call-policy";
import { type IceConfig, iceServersFor } from "./turn-credentials";

export function iceConfigFromEnv(e: Pick<Env, "ICE_SERVERS" | "TURN_URLS" | "TURN_SECRET" | "TURN_CREDENTIAL_TTL_SECONDS">): IceConfig {
  return {
    iceServers: e.ICE_SERVERS ?? [],
    turnUrls: e.TURN_URLS ?? [],
    turnSecret: e.TURN_SECRET ?? null,
    credentialTtlSeconds: e.TURN_CREDENTIAL_TTL_SECONDS,
  };
}

/**
 * What a participant's page needs to start the call: ICE servers (TURN with a credential minted for this user now)
 * and the pace to poll and report at. Only inside the call window, like every other call procedure.
 */
export async function callClientConfig(services: Services, user: Pick<SessionUser, "id" | "role">, lessonId: string, ice: IceConfig) {
  const { side, now } = await callAccess(services, user, lessonId);
  const { iceServers, credentialExpiresAt } = iceServersFor(ice, user.id, now);
  return {
    side,
    polite: side === "STUDENT",
    iceServers,
    credentialExpiresAt,
    waitingPollMs: CALL_POLICY.waitingPollMs,
    setupPollMs: CALL_POLICY.setupPollMs,
    connectedPollMs: CALL_POLICY.connectedPollMs,
    heartbeatMs: CALL_POLICY.heartbeatMs,
  };
}
