import { describe, expect, it } from "vitest";
import { integrationModes, parseEnv } from "./env";

describe("env", () => {
  it("runs with no configuration at all, on embedded defaults", () => {
    const e = parseEnv({});
    expect(e.PLATFORM_FEE_BPS).toBe(2000);
    expect(e.STRIPE_WEBHOOK_SECRET).toBe("whsec_sandbox");
    expect(integrationModes(e)).toEqual({ database: "embedded", stripe: "sandbox", paypal: "local-sandbox" });
  });

  it("names the malformed variable and says what is expected", () => {
    expect(() => parseEnv({ PLATFORM_FEE_BPS: "twenty" })).toThrow(/PLATFORM_FEE_BPS: must be an integer number of basis points/);
    expect(() => parseEnv({ PLATFORM_FEE_BPS: "12000" })).toThrow(/PLATFORM_FEE_BPS: must be between 0 and 10000/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgres:\/\//);
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "pk_test_123" })).toThrow(/STRIPE_SECRET_KEY: must start with sk_test_/);
    expect(() => parseEnv({ CRON_SECRET: "short" })).toThrow(/CRON_SECRET: must be at least 16 characters/);
    expect(() => parseEnv({ STRIPE_REQUESTS_PER_SECOND: "fast" })).toThrow(
      /STRIPE_REQUESTS_PER_SECOND: must be a number of requests per second/,
    );
    expect(() => parseEnv({ STRIPE_REQUESTS_PER_SECOND: "0" })).toThrow(/STRIPE_REQUESTS_PER_SECOND: must be more than 0/);
    expect(parseEnv({ STRIPE_REQUESTS_PER_SECOND: "47.5" }).STRIPE_REQUESTS_PER_SECOND).toBe(47.5);
  });

  it("requires PayPal credentials in pairs", () => {
    expect(() => parseEnv({ PAYPAL_CLIENT_ID: "abc" })).toThrow(
      /PAYPAL_CLIENT_SECRET: PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET must be set together/,
    );
  });

  it("reports configured integrations without revealing secrets", () => {
    const e = parseEnv({
      DATABASE_URL: "postgres://u:p@h/db",
      STRIPE_SECRET_KEY: "sk_test_abc",
      PAYPAL_CLIENT_ID: "id",
      PAYPAL_CLIENT_SECRET: "s",
    });
    const modes = integrationModes(e);
    expect(modes).toEqual({ database: "configured", stripe: "test-mode", paypal: "sandbox" });
    expect(JSON.stringify(modes)).not.toMatch(/sk_test_abc|u:p/);
  });

  it("reads ICE servers as a URL list or JSON, and refuses a long-lived TURN password", () => {
    expect(parseEnv({ ICE_SERVERS: "stun:a.example:3478, stun:b.example:3478" }).ICE_SERVERS).toEqual([
      { urls: ["stun:a.example:3478"] },
      { urls: ["stun:b.example:3478"] },
    ]);
    expect(parseEnv({ ICE_SERVERS: '[{"urls":"stun:a.example:3478"}]' }).ICE_SERVERS).toEqual([{ urls: ["stun:a.example:3478"] }]);
    expect(() => parseEnv({ ICE_SERVERS: '[{"urls":"turn:t.example","username":"u","credential":"p"}]' })).toThrow(
      /ICE_SERVERS: each entry is \{"urls": …\} only; put TURN servers in TURN_URLS with TURN_SECRET/,
    );
    expect(() => parseEnv({ ICE_SERVERS: "https://stun.example" })).toThrow(/ICE_SERVERS: "https:\/\/stun.example" is not a stun:/);
    expect(() => parseEnv({ ICE_SERVERS: "[not json" })).toThrow(/ICE_SERVERS: must be a URL list or a JSON array/);
    expect(parseEnv({}).ICE_SERVERS).toBeUndefined();
  });

  it("requires TURN_URLS and TURN_SECRET together, and a sensible credential lifetime", () => {
    expect(() => parseEnv({ TURN_URLS: "turn:t.example:3478" })).toThrow(/TURN_SECRET: TURN_URLS and TURN_SECRET must be set together/);
    expect(() => parseEnv({ TURN_SECRET: "0123456789abcdef" })).toThrow(/TURN_URLS: TURN_URLS and TURN_SECRET must be set together/);
    expect(() => parseEnv({ TURN_URLS: "stun:t.example", TURN_SECRET: "0123456789abcdef" })).toThrow(
      /TURN_URLS.0: each entry must be a turn:/,
    );
    expect(() => parseEnv({ TURN_URLS: "turn:t.example", TURN_SECRET: "short" })).toThrow(/TURN_SECRET: must be at least 16 characters/);
    expect(() => parseEnv({ TURN_CREDENTIAL_TTL_SECONDS: "30" })).toThrow(/TURN_CREDENTIAL_TTL_SECONDS: must be at least 300/);
    const e = parseEnv({ TURN_URLS: "turn:t.example:3478?transport=udp turns:t.example:5349", TURN_SECRET: "0123456789abcdef" });
    expect([e.TURN_URLS, e.TURN_CREDENTIAL_TTL_SECONDS]).toEqual([["turn:t.example:3478?transport=udp", "turns:t.example:5349"], 7200]);
  });
});
