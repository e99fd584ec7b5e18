// Customers: create, retrieve, update (metadata, email, name, default payment method).
import type { Json, StripeContext } from "./state";
import { seconds, snapshot } from "./state";
import { applyMetadata, optObject, optString } from "./params";
import { resourceMissing } from "./errors";
import { stripeId } from "../shared/ids";

export function getCustomer(ctx: StripeContext, id: string, param?: string): Json & { id: string } {
  const c = ctx.state.customers.get(id);
  if (!c) throw resourceMissing("customer", id, param);
  return c;
}

function applyCustomerParams(ctx: StripeContext, c: Json & { id: string }): void {
  const p = ctx.params;
  for (const key of ["email", "name", "description", "phone"] as const) {
    const v = optString(p, key);
    if (v !== undefined) c[key] = v === "" ? null : v;
  }
  c.metadata = applyMetadata((c.metadata as Record<string, string>) ?? {}, p);
  const settings = optObject(p, "invoice_settings");
  const dpm = settings?.default_payment_method;
  if (typeof dpm === "string") {
    if (dpm && !ctx.state.paymentMethods.has(dpm)) throw resourceMissing("PaymentMethod", dpm, "invoice_settings[default_payment_method]");
    c.invoice_settings = { default_payment_method: dpm || null };
  }
}

export function createCustomer(ctx: StripeContext): Json {
  const c: Json & { id: string } = {
    id: stripeId("cus"),
    object: "customer",
    created: seconds(ctx.now),
    email: null,
    name: null,
    description: null,
    phone: null,
    metadata: {},
    livemode: false,
    invoice_settings: { default_payment_method: null },
  };
  applyCustomerParams(ctx, c);
  ctx.state.customers.set(c.id, c);
  ctx.emit("customer.created", c);
  return snapshot(c);
}

export function retrieveCustomer(ctx: StripeContext): Json {
  return snapshot(getCustomer(ctx, ctx.path.id ?? ""));
}

export function updateCustomer(ctx: StripeContext): Json {
  const c = getCustomer(ctx, ctx.path.id ?? "");
  applyCustomerParams(ctx, c);
  ctx.emit("customer.updated", c);
  return snapshot(c);
}
