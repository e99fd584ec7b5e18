import "server-only";
import { createHmac } from "node:crypto";

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface IceConfig {
  /** STUN (or credential-less) servers, passed through */
  iceServers: readonly { urls: string[] }[];
  /** TURN servers taking credentials minted with `turnSecret` */
  turnUrls: readonly string[];
  turnSecret: string | null;
  credentialTtlSeconds: number;
}

/**
 * A TURN credential in the TURN REST API scheme coturn implements (`use-auth-secret` + `static-auth-secret`):
 * username = "<unix expiry>:<id>", credential = base64(HMAC-SHA1(secret, username)). The TURN server recomputes the
 * HMAC and refuses the username once its expiry has passed, so the browser only ever holds a password that lapses.
 */
export function mintTurnCredential(secret: string, id: string, now: Date, ttlSeconds: number) {
  const expiry = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const username = `${expiry}:${id}`;
  const credential = createHmac("sha1", secret).update(username).digest("base64");
  return { username, credential, expiresAt: new Date(expiry * 1000) };
}

/** What a participant's browser gets: the configured STUN servers, and TURN with a credential of its own. */
export function iceServersFor(config: IceConfig, userId: string, now: Date): { iceServers: IceServer[]; credentialExpiresAt: Date | null } {
  const iceServers: IceServer[] = config.iceServers.map((s) => ({ urls: [...s.urls] }));
  if (config.turnUrls.length === 0 || !config.turnSecret) return { iceServers, credentialExpiresAt: null };
  const minted = mintTurnCredential(config.turnSecret, userId, now, config.credentialTtlSeconds);
  iceServers.push({ urls: [...config.turnUrls], username: minted.username, credential: minted.credential });
  return { iceServers, credentialExpiresAt: minted.expiresAt };
}
