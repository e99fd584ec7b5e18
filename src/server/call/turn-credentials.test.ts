import { describe, expect, it } from "vitest";
import { iceServersFor, mintTurnCredential } from "./turn-credentials";

describe("TURN REST API credentials (coturn use-auth-secret)", () => {
  it("username is <unix expiry>:<id>, credential base64(HMAC-SHA1(secret, username)) — checked against openssl", () => {
    // echo -n "1764158400:user-1" | openssl dgst -sha1 -hmac "e2e-turn-secret-0000" -binary | base64
    const c = mintTurnCredential("e2e-turn-secret-0000", "user-1", new Date("2025-11-26T11:00:00Z"), 3600);
    expect(c).toEqual({
      username: "1764158400:user-1",
      credential: "DPSSJtFH8j4XWlhIQKFYT5DXTCo=",
      expiresAt: new Date("2025-11-26T12:00:00Z"),
    });
  });

  it("gives STUN servers as configured and TURN with a fresh credential; never the secret", () => {
    const config = {
      iceServers: [{ urls: ["stun:stun.example.com:3478"] }],
      turnUrls: ["turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:5349"],
      turnSecret: "a-very-secret-secret",
      credentialTtlSeconds: 7200,
    };
    const now = new Date("2026-11-26T12:00:00Z");
    const { iceServers, credentialExpiresAt } = iceServersFor(config, "u1", now);
    expect(iceServers[0]).toEqual({ urls: ["stun:stun.example.com:3478"] });
    expect(iceServers[1]!.urls).toEqual(config.turnUrls);
    expect(iceServers[1]!.username).toBe(`${now.getTime() / 1000 + 7200}:u1`);
    expect(credentialExpiresAt).toEqual(new Date(now.getTime() + 7200_000));
    expect(JSON.stringify(iceServers)).not.toContain("a-very-secret-secret");
  });

  it("with nothing configured: no ICE servers at all (host candidates only)", () => {
    expect(iceServersFor({ iceServers: [], turnUrls: [], turnSecret: null, credentialTtlSeconds: 7200 }, "u1", new Date())).toEqual({
      iceServers: [],
      credentialExpiresAt: null,
    });
  });
});
