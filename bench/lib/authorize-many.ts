import { browserCreatePaymentMethod } from "../../src/sandbox/control-client";
import type { Services } from "../../src/server/services";

/** n real manual-capture PaymentIntents at the Stripe sandbox (one customer, one card). */
export async function authorizeMany(services: Services, stripeUrl: string, n: number, amount = 450): Promise<string[]> {
  const { customerId } = await services.stripe.createCustomer({ email: "bench@bench.test" });
  const pm = await browserCreatePaymentMethod(stripeUrl, "pk_test_bench", {
    number: "4242424242424242",
    expMonth: 12,
    expYear: 2035,
    cvc: "123",
  });
  const paymentMethodId = pm.body.id!;
  await services.stripe.attachPaymentMethod({ paymentMethodId, customerId });
  const ids: string[] = [];
  const batch = 100;
  for (let i = 0; i < n; i += batch) {
    const made = await Promise.all(
      Array.from({ length: Math.min(batch, n - i) }, async (_, j) => {
        const r = await services.stripe.authorize({
          amount,
          currency: "usd",
          customerId,
          paymentMethodId,
          offSession: false,
          idempotencyKey: `bench-auth-${Date.now()}-${i + j}-${Math.random()}`,
          metadata: { lessonId: "bench", paymentId: `bench-${i + j}` },
        });
        if (r.outcome !== "authorized") throw new Error(`bench: authorization ${r.outcome}`);
        return r.paymentIntentId;
      }),
    );
    ids.push(...made);
  }
  return ids;
}
