import { describe, expect, it } from "vitest";
import { isCrossSiteMutation } from "./same-origin";

const req = (method: string, headers: Record<string, string>) => new Request("http://localhost:3000/api/trpc/x", { method, headers });

describe("isCrossSiteMutation", () => {
  it("refuses a POST whose Origin is another site", () => {
    expect(isCrossSiteMutation(req("POST", { origin: "https://evil.example", host: "localhost:3000" }), "http://localhost:3000")).toBe(
      true,
    );
    expect(isCrossSiteMutation(req("POST", { "sec-fetch-site": "cross-site" }), "http://localhost:3000")).toBe(true);
  });
  it("allows our own pages and non-browser callers", () => {
    expect(isCrossSiteMutation(req("POST", { origin: "http://localhost:3000", host: "localhost:3000" }), "http://localhost:3000")).toBe(
      false,
    );
    expect(isCrossSiteMutation(req("POST", {}), "http://localhost:3000")).toBe(false);
    expect(isCrossSiteMutation(req("GET", { origin: "https://evil.example" }), "http://localhost:3000")).toBe(false);
  });
});
