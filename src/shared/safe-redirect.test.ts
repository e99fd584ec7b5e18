import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

const APP = "https://lessons.example.com";

describe("safeRedirectPath", () => {
  it.each([
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "//evil.example",
    "///evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "/.//evil.example",
    "https://evil.example/",
    "https:",
    "http://lessons.example.com/", // our host, other scheme: another origin
    "https://lessons.example.com.evil.example/",
    "https://lessons.example.com@evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "",
  ])("refuses %j", (next) => {
    expect(safeRedirectPath(next, APP)).toBe("/");
  });

  it.each([
    ["/%5Cevil.example", "/%5Cevil.example"],
    ["/%09/evil.example", "/%09/evil.example"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["https:evil.example", "/evil.example"], // same scheme, no slashes: the parser reads a path on the base
  ])("keeps an encoded %j as a path on our site", (next, path) => {
    const kept = safeRedirectPath(next, APP);
    expect(kept).toBe(path);
    expect(new URL(kept, APP).origin).toBe(APP);
  });

  it.each([
    ["/lessons/abc?tab=call#top", "/lessons/abc?tab=call#top"],
    ["/admin", "/admin"],
    ["lessons/abc", "/lessons/abc"],
    ["https://lessons.example.com/account", "/account"],
  ])("accepts %j on our origin", (next, path) => {
    expect(safeRedirectPath(next, APP)).toBe(path);
  });

  it("falls back when there is no next, or to the given fallback", () => {
    expect(safeRedirectPath(undefined, APP)).toBe("/");
    expect(safeRedirectPath("//evil.example", APP, "/dashboard")).toBe("/dashboard");
  });
});
