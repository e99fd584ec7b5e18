// What to tell a student whose card was refused, from the payment's lastError
// ("<code>: <provider message>"). Always says that nothing was charged and what to do next.

export interface DeclineAdvice {
  /** what happened */
  what: string;
  /** what to do */
  next: string;
}

export function adviceForDecline(lastError: string | null | undefined): DeclineAdvice {
  const code = (lastError ?? "").split(":")[0]?.trim() ?? "";
  switch (code) {
    case "authentication_required":
      return {
        what: "Your bank wants to confirm this payment (3-D Secure), which this checkout cannot do yet — nothing was charged.",
        next: "Try another card.",
      };
    case "insufficient_funds":
      return {
        what: "Your card was declined for insufficient funds — nothing was charged.",
        next: "Try another card, or top up this one and book again.",
      };
    case "expired_card":
      return { what: "Your card has expired — nothing was charged.", next: "Try another card." };
    case "incorrect_cvc":
      return {
        what: "Your card's security code was not accepted — nothing was charged.",
        next: "Check the CVC and try again, or try another card.",
      };
    default:
      return { what: "Your card was declined — nothing was charged.", next: "Try another card." };
  }
}
