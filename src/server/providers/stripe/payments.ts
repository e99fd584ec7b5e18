// Customers, saved cards and PaymentIntents: the hold, its capture or release, refunds.
import "server-only";
import type Stripe from "stripe";
import { ProviderError } from "../errors";
import { call, toStripeProviderError } from "./errors";
import { idOf, toPaymentIntentSnapshot } from "./mappers";
import type { PaymentIntentSnapshot, StripeGateway } from "./types";

export type StripePayments = Pick<
  StripeGateway,
  | "createCustomer"
  | "attachPaymentMethod"
  | "createSetupIntent"
  | "authorize"
  | "capture"
  | "cancel"
  | "retrievePaymentIntent"
  | "findPaymentIntentByMetadata"
  | "refund"
>;

export function stripePayments(stripe: Stripe): StripePayments {
  const retrievePaymentIntent = (id: string) =>
    call(async () => toPaymentIntentSnapshot(await stripe.paymentIntents.retrieve(id, { expand: ["latest_charge"] })));

  return {
    createCustomer: (input) =>
      call(async () => {
        const c = await stripe.customers.create(
          { email: input.email, name: input.name, metadata: input.metadata },
          input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : undefined,
        );
        return { customerId: c.id };
      }),

    attachPaymentMethod: (input) =>
      call(async () => {
        const pm = await stripe.paymentMethods.attach(input.paymentMethodId, { customer: input.customerId });
        return {
          paymentMethodId: pm.id,
          customerId: idOf(pm.customer as string | { id: string } | null) ?? input.customerId,
          brand: pm.card?.brand ?? null,
          last4: pm.card?.last4 ?? null,
          expMonth: pm.card?.exp_month ?? null,
          expYear: pm.card?.exp_year ?? null,
        };
      }),

    createSetupIntent: (input) =>
      call(async () => {
        const si = await stripe.setupIntents.create(
          {
            customer: input.customerId,
            usage: "off_session",
            allowed_payment_method_types: ["card"],
            payment_method: input.paymentMethodId,
            confirm: input.paymentMethodId ? true : undefined,
            return_url: input.paymentMethodId ? input.returnUrl : undefined,
            metadata: input.metadata,
          },
          input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : undefined,
        );
        const next = si.next_action?.redirect_to_url?.url ?? null;
        return {
          setupIntentId: si.id,
          status: si.status,
          clientSecret: si.client_secret,
          paymentMethodId: idOf(si.payment_method as string | { id: string } | null),
          nextActionUrl: next,
        };
      }),

    authorize: async (input) => {
      try {
        const pi = await stripe.paymentIntents.create(
          {
            amount: input.amount,
            currency: input.currency.toLowerCase(),
            customer: input.customerId,
            payment_method: input.paymentMethodId,
            allowed_payment_method_types: ["card"],
            capture_method: "manual",
            confirm: true,
            off_session: input.offSession ? true : undefined,
            return_url: input.offSession ? undefined : input.returnUrl,
            description: input.description,
            transfer_group: input.transferGroup,
            metadata: input.metadata,
            expand: ["latest_charge"],
          },
          { idempotencyKey: input.idempotencyKey },
        );
        if (pi.status === "requires_action") {
          return {
            outcome: "requires_action",
            paymentIntentId: pi.id,
            status: "requires_action",
            clientSecret: pi.client_secret,
            nextActionUrl: pi.next_action?.redirect_to_url?.url ?? null,
          };
        }
        if (pi.status !== "requires_capture") {
          throw new ProviderError({
            kind: "invalid_state",
            provider: "stripe",
            code: "unexpected_authorization_status",
            message: `authorization ended in status ${pi.status}`,
            paymentIntentStatus: pi.status,
            paymentIntentId: pi.id,
            existingBatchId: null,
          });
        }
        const snap = toPaymentIntentSnapshot(pi);
        return {
          outcome: "authorized",
          paymentIntentId: pi.id,
          status: "requires_capture",
          captureBefore: snap.captureBefore,
          amountCapturable: pi.amount_capturable,
        };
      } catch (err) {
        const mapped = toStripeProviderError(err);
        if (mapped instanceof ProviderError && mapped.failure.kind === "declined") {
          const f = mapped.failure;
          return { outcome: "declined", paymentIntentId: f.paymentIntentId, code: f.code, declineCode: f.declineCode, message: f.message };
        }
        throw mapped;
      }
    },

    capture: (input) =>
      call(async () => {
        const pi = await stripe.paymentIntents.capture(
          input.paymentIntentId,
          { amount_to_capture: input.amountToCapture, application_fee_amount: input.applicationFeeAmount },
          { idempotencyKey: input.idempotencyKey },
        );
        return {
          paymentIntentId: pi.id,
          status: pi.status,
          amountReceived: pi.amount_received,
          applicationFeeAmount: pi.application_fee_amount ?? null,
          chargeId: idOf(pi.latest_charge),
        };
      }),

    cancel: (input) =>
      call(async () => {
        const pi = await stripe.paymentIntents.cancel(
          input.paymentIntentId,
          { cancellation_reason: input.reason, expand: ["latest_charge"] },
          { idempotencyKey: input.idempotencyKey },
        );
        return toPaymentIntentSnapshot(pi);
      }),

    retrievePaymentIntent,

    findPaymentIntentByMetadata: (input) =>
      call(async () => {
        const wanted: Record<string, string> = {};
        if (input.lessonId) wanted.lessonId = input.lessonId;
        if (input.paymentId) wanted.paymentId = input.paymentId;
        const keys = Object.keys(wanted);
        if (keys.length === 0) throw new Error("findPaymentIntentByMetadata needs lessonId and/or paymentId");
        const matches = (pi: Stripe.PaymentIntent) => keys.every((k) => pi.metadata?.[k] === wanted[k]);
        if (input.customerId) {
          const found: PaymentIntentSnapshot[] = [];
          for await (const pi of stripe.paymentIntents.list({ customer: input.customerId, limit: 100, expand: ["data.latest_charge"] })) {
            if (matches(pi)) found.push(toPaymentIntentSnapshot(pi));
          }
          return found;
        }
        for (const v of Object.values(wanted)) {
          if (/['"\\]/.test(v)) throw new Error("metadata values used for search must not contain quotes or backslashes");
        }
        const query = keys.map((k) => `metadata['${k}']:'${wanted[k] ?? ""}'`).join(" AND ");
        const result = await stripe.paymentIntents.search({ query, limit: 100 });
        return Promise.all(result.data.filter(matches).map((pi) => retrievePaymentIntent(pi.id)));
      }),

    refund: (input) =>
      call(async () => {
        const r = await stripe.refunds.create(
          { payment_intent: input.paymentIntentId, amount: input.amount, reason: input.reason },
          { idempotencyKey: input.idempotencyKey },
        );
        return {
          refundId: r.id,
          status: r.status ?? "succeeded",
          amount: r.amount,
          chargeId: idOf(r.charge as string | { id: string } | null) ?? "",
          paymentIntentId: idOf(r.payment_intent as string | { id: string } | null),
        };
      }),
  };
}
