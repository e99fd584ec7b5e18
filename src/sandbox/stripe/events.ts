// Events: one per state change, kept for `GET /v1/events` and sent as webhooks.
import type { EventObj, Json, StripeContext, StripeState } from "./state";
import { seconds, snapshot } from "./state";
import { listLimit, optString } from "./params";
import { resourceMissing } from "./errors";
import { stripeId } from "../shared/ids";
import { eventTypeEnabled } from "../shared/webhook-deliverer";

/** The API version stamped on events (the one stripe-node 23.1.0 pins). */
export const SANDBOX_API_VERSION = "2026-10-28.endive";

export function buildEvent(
  state: StripeState,
  type: string,
  object: Json,
  opts: {
    nowMs: number;
    createdMs?: number;
    previousAttributes?: Json;
    requestId: string | null;
    idempotencyKey: string | null;
    pendingWebhooks: number;
  },
): EventObj {
  const data: EventObj["data"] = { object: snapshot(object) };
  if (opts.previousAttributes) data.previous_attributes = snapshot(opts.previousAttributes);
  const event: EventObj = {
    id: stripeId("evt"),
    object: "event",
    api_version: SANDBOX_API_VERSION,
    created: seconds(opts.createdMs ?? opts.nowMs),
    data,
    livemode: false,
    pending_webhooks: opts.pendingWebhooks,
    request: { id: opts.requestId, idempotency_key: opts.idempotencyKey },
    type,
  };
  state.events.push(event);
  return event;
}

export type DeliveryLookup = (eventId: string) => "succeeded" | "failed" | "pending" | "none";

export function listEvents(ctx: StripeContext, delivery: DeliveryLookup): Json {
  const p = ctx.params;
  const limit = listLimit(p);
  const type = optString(p, "type");
  const typesParam = p.types;
  const types = Array.isArray(typesParam) ? typesParam.filter((t): t is string => typeof t === "string") : [];
  const deliverySuccess = optString(p, "delivery_success");
  const after = optString(p, "starting_after");
  let items = [...ctx.state.events].reverse();
  if (type) items = items.filter((e) => eventTypeEnabled([type], e.type));
  if (types.length > 0) items = items.filter((e) => types.includes(e.type));
  if (deliverySuccess === "false") items = items.filter((e) => delivery(e.id) === "failed");
  if (deliverySuccess === "true") items = items.filter((e) => delivery(e.id) === "succeeded");
  let start = 0;
  if (after) {
    const idx = items.findIndex((e) => e.id === after);
    start = idx === -1 ? items.length : idx + 1;
  }
  return {
    object: "list",
    data: items.slice(start, start + limit).map(snapshot),
    has_more: start + limit < items.length,
    url: "/v1/events",
  };
}

export function retrieveEvent(ctx: StripeContext): Json {
  const id = ctx.path.id ?? "";
  const e = ctx.state.events.find((x) => x.id === id);
  if (!e) throw resourceMissing("event", id);
  return snapshot(e);
}
