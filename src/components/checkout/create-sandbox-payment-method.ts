// Sends the card straight from the browser to the Stripe sandbox, the way Stripe.js sends it
// to Stripe: the publishable key, form-encoded card fields, and back comes a pm_… id. Our own
// server only ever sees that id.
import type { CardInput } from "~/components/checkout/card-input";

export type PaymentMethodResult =
  { ok: true; id: string; label: string } | { ok: false; field: "number" | "expiry" | "cvc" | null; message: string };

const FIELD_OF_PARAM: Record<string, "number" | "expiry" | "cvc"> = {
  "card[number]": "number",
  "card[exp_month]": "expiry",
  "card[exp_year]": "expiry",
  "card[cvc]": "cvc",
};

export async function createSandboxPaymentMethod(stripeUrl: string, publishableKey: string, card: CardInput): Promise<PaymentMethodResult> {
  const body = new URLSearchParams({
    type: "card",
    "card[number]": card.number,
    "card[exp_month]": String(card.expMonth),
    "card[exp_year]": String(card.expYear),
    "card[cvc]": card.cvc,
  });
  let res: Response;
  try {
    res = await fetch(`${stripeUrl}/v1/payment_methods`, {
      method: "POST",
      headers: { Authorization: `Bearer ${publishableKey}`, "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
  } catch {
    return {
      ok: false,
      field: null,
      message: "We couldn't reach the payment provider. Check your connection and try again; nothing was charged.",
    };
  }
  const json = (await res.json().catch(() => ({}))) as {
    id?: string;
    card?: { brand?: string; last4?: string };
    error?: { message?: string; param?: string };
  };
  if (res.ok && json.id) {
    const brand = json.card?.brand ? json.card.brand[0]!.toUpperCase() + json.card.brand.slice(1) : "Card";
    return { ok: true, id: json.id, label: `${brand} ending in ${json.card?.last4 ?? "••••"}` };
  }
  return {
    ok: false,
    field: (json.error?.param && FIELD_OF_PARAM[json.error.param]) || null,
    message: json.error?.message ?? "The payment provider did not accept this card. Check the details or try another card.",
  };
}
