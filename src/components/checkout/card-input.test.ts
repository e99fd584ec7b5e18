import { describe, expect, it } from "vitest";
import { checkCard, formatCardNumber, parseExpiry } from "./card-input";

const today = { year: 2026, month: 11 };

describe("card input", () => {
  it("groups digits as the student types", () => {
    expect(formatCardNumber("4242424242424242")).toBe("4242 4242 4242 4242");
    expect(formatCardNumber("4242-42ab42")).toBe("4242 4242");
  });

  it("reads MM/YY and MM/YYYY", () => {
    expect(parseExpiry("12/30")).toEqual({ month: 12, year: 2030 });
    expect(parseExpiry("1 / 2031")).toEqual({ month: 1, year: 2031 });
    expect(parseExpiry("1230")).toEqual({ month: 12, year: 2030 });
    expect(parseExpiry("13/30")).toBeNull();
    expect(parseExpiry("soon")).toBeNull();
  });

  it("accepts a valid card and names the field to fix otherwise", () => {
    expect(checkCard({ number: "4242 4242 4242 4242", expiry: "12/30", cvc: "123" }, today)).toEqual({
      ok: true,
      card: { number: "4242424242424242", expMonth: 12, expYear: 2030, cvc: "123" },
    });
    expect(checkCard({ number: "4242", expiry: "12/30", cvc: "123" }, today)).toMatchObject({ ok: false, field: "number" });
    expect(checkCard({ number: "4242424242424242", expiry: "10/26", cvc: "123" }, today)).toMatchObject({
      ok: false,
      field: "expiry",
      message: /expired/,
    });
    expect(checkCard({ number: "4242424242424242", expiry: "11/26", cvc: "12" }, today)).toMatchObject({ ok: false, field: "cvc" });
  });
});
