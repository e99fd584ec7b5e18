import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "./content-security-policy";

const directive = (policy: string, name: string) =>
  policy
    .split("; ")
    .find((d) => d.startsWith(`${name} `))
    ?.slice(name.length + 1)
    .split(" ") ?? [];

describe("contentSecurityPolicy", () => {
  const production = contentSecurityPolicy({ nonce: "abc123", development: false, stripe: { mode: "stripe-js" }, https: true });

  it("runs only scripts with the nonce (or loaded by them): no inline, no eval", () => {
    expect(directive(production, "script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'", "https://js.stripe.com"]);
    expect(production).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(directive(production, "object-src")).toEqual(["'none'"]);
    expect(directive(production, "frame-ancestors")).toEqual(["'none'"]);
    expect(production).toMatch(/upgrade-insecure-requests$/);
  });

  it("lets the browser reach the Stripe sandbox only in sandbox mode, and Stripe.js only with real keys", () => {
    const sandbox = contentSecurityPolicy({
      nonce: "n",
      development: false,
      stripe: { mode: "sandbox", origin: "http://127.0.0.1:12111" },
      https: false,
    });
    expect(directive(sandbox, "connect-src")).toEqual(["'self'", "http://127.0.0.1:12111"]);
    expect(directive(sandbox, "frame-src")).toEqual(["'none'"]);
    expect(sandbox).not.toContain("stripe.com");
    expect(directive(production, "connect-src")).toEqual(["'self'", "https://api.stripe.com"]);
    expect(directive(production, "frame-src")).toEqual(["https://js.stripe.com", "https://hooks.stripe.com"]);
  });

  it("allows eval and the hot-reload socket in next dev only", () => {
    const dev = contentSecurityPolicy({ nonce: "n", development: true, stripe: { mode: "stripe-js" }, https: false });
    expect(directive(dev, "script-src")).toContain("'unsafe-eval'");
    expect(directive(dev, "connect-src")).toContain("ws:");
  });
});
