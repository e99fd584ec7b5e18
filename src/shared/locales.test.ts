import { describe, expect, it } from "vitest";
import { bestSupportedLocale, supportedLocale } from "./locales";

describe("supported locales", () => {
  it("accepts a listed locale in any case and nothing else", () => {
    expect(supportedLocale("de-de")).toBe("de-DE");
    expect(supportedLocale("en-US")).toBe("en-US");
    expect(supportedLocale("de")).toBeNull();
    expect(supportedLocale("de-DE-u-nu-arab")).toBeNull();
    expect(supportedLocale("not a tag")).toBeNull();
    expect(supportedLocale(42)).toBeNull();
  });

  it("picks the browser's best match for sign-up: exact first, then the language", () => {
    expect(bestSupportedLocale(["fr-CA", "en-GB"])).toBe("en-GB");
    expect(bestSupportedLocale(["de-AT"])).toBe("de-DE");
    expect(bestSupportedLocale(["pt"])).toBe("pt-BR");
    expect(bestSupportedLocale(["sv-SE", "fi"])).toBeNull();
    expect(bestSupportedLocale([])).toBeNull();
  });
});
