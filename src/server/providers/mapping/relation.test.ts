import { describe, expect, it } from "vitest";
import { chargeRelation, paymentIntentRelation, transferRelation } from "./relation";

const payment = { id: "pay_1", providerPaymentIntentId: "pi_current", providerChargeId: null };

describe("which provider object a row is about", () => {
  it("a PaymentIntent is current only when it is the payment's own", () => {
    expect(paymentIntentRelation({ paymentIntentId: "pi_current", metadata: { paymentId: "pay_1" } }, payment)).toBe("CURRENT");
    // an earlier attempt or a hand-made intent carrying our id: stray, never applied to the payment
    expect(paymentIntentRelation({ paymentIntentId: "pi_other", metadata: { paymentId: "pay_1" } }, payment)).toBe("STRAY");
    expect(paymentIntentRelation({ paymentIntentId: "pi_other", metadata: {} }, null)).toBe("UNKNOWN");
  });

  it("with no current intent yet, an intent of ours is not current (its operation binds it)", () => {
    const awaiting = { ...payment, providerPaymentIntentId: null };
    expect(paymentIntentRelation({ paymentIntentId: "pi_new", metadata: { paymentId: "pay_1" } }, awaiting)).toBe("STRAY");
    expect(paymentIntentRelation({ paymentIntentId: "pi_new", metadata: { paymentId: "pay_2" } }, awaiting)).toBe("UNKNOWN");
  });

  it("a charge is current when recorded, or a charge of the current intent before one is recorded", () => {
    expect(chargeRelation({ chargeId: "ch_1", paymentIntentId: "pi_current" }, payment)).toBe("CURRENT");
    expect(chargeRelation({ chargeId: "ch_1", paymentIntentId: "pi_other" }, payment)).toBe("STRAY");
    const recorded = { ...payment, providerChargeId: "ch_1" };
    expect(chargeRelation({ chargeId: "ch_1", paymentIntentId: "pi_current" }, recorded)).toBe("CURRENT");
    expect(chargeRelation({ chargeId: "ch_2", paymentIntentId: "pi_current" }, recorded)).toBe("STRAY");
  });

  it("a transfer is the payout's only when its id is the recorded one, whatever its transfer group says", () => {
    expect(transferRelation({ transferId: "tr_1" }, { id: "po_1", providerId: "tr_1" })).toBe("CURRENT");
    expect(transferRelation({ transferId: "tr_2" }, { id: "po_1", providerId: "tr_1" })).toBe("STRAY");
    expect(transferRelation({ transferId: "tr_2" }, null)).toBe("UNKNOWN");
  });
});
