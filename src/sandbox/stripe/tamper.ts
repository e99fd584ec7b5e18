// Changing or forgetting stored objects behind the app's back, for reconciliation tests: a PaymentIntent whose captured
// amount differs from ours, a charge refunded in the Dashboard, a transfer that no longer exists. Only top-level fields
// that the object already has can be set, with a value of the same JSON type (or null where null is allowed), so the
// object keeps Stripe's shape. Reached through the control plane (`/_sandbox/objects/<type>/<id>`), never the API.
import { ControlError } from "../shared/control-plane";
import { snapshot, type Json, type StripeState } from "./state";

type Collection = "payment_intents" | "charges" | "refunds" | "transfers";

function collection(state: StripeState, type: string): Map<string, Json & { id: string }> {
  const maps: Record<Collection, Map<string, Json & { id: string }>> = {
    payment_intents: state.paymentIntents,
    charges: state.charges,
    refunds: state.refunds,
    transfers: state.transfers,
  };
  const map = maps[type as Collection] as Map<string, Json & { id: string }> | undefined;
  if (!map) throw new ControlError(400, `type must be one of ${Object.keys(maps).join(", ")}`);
  return map;
}

const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

export function tamperStripeObject(state: StripeState, verb: "POST" | "DELETE", type: string, id: string, body: Record<string, unknown>) {
  const map = collection(state, type);
  const obj = map.get(id);
  if (!obj) throw new ControlError(404, `no ${type} ${id} in the sandbox`);
  if (verb === "DELETE") {
    map.delete(id);
    // A PaymentIntent goes with its charges and refunds: nothing at the provider refers to it any more.
    if (type === "payment_intents") {
      for (const [chId, ch] of state.charges) if (ch.payment_intent === id) state.charges.delete(chId);
      for (const [reId, re] of state.refunds) if (re.payment_intent === id) state.refunds.delete(reId);
    }
    return { deleted: true, id };
  }
  const set = body.set;
  if (set === null || typeof set !== "object" || Array.isArray(set)) throw new ControlError(400, "set must be an object of fields");
  for (const [field, value] of Object.entries(set as Record<string, unknown>)) {
    if (field === "id" || field === "object" || !(field in obj)) throw new ControlError(400, `${type} has no settable field ${field}`);
    const before = obj[field];
    if (value !== null && before !== null && kindOf(value) !== kindOf(before)) {
      throw new ControlError(400, `${field} must be a ${kindOf(before)}, like the stored value`);
    }
  }
  Object.assign(obj, set);
  return snapshot(obj);
}
