// The control plane: `/_sandbox/...` on each sandbox server, JSON in and out, no
// auth but loopback-only. Tests and scripts use it (through control-client.ts) to
// move the clock, inject faults, read counters and webhook deliveries, and reset.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxClock } from "../clock";
import type { FaultRegistry, FaultSpec } from "./faults";
import type { SlidingWindowLimiter } from "./rate-limit";
import type { WebhookDeliverer } from "./webhook-deliverer";
import { isLoopback, readBody, sendJson } from "./http";

export const CONTROL_PREFIX = "/_sandbox";

export interface ControlPlaneHooks {
  provider: "stripe" | "paypal";
  clock: SandboxClock;
  faults: FaultRegistry;
  limiter: SlidingWindowLimiter;
  deliverer: WebhookDeliverer;
  counters(): unknown;
  /** Accepts the provider-specific webhook settings (e.g. Stripe's signing secret). */
  configureWebhooks(body: Record<string, unknown>): unknown;
  reset(opts: { clock: boolean }): void;
  /** Provider-specific control routes (e.g. Stripe's dispute outcomes); undefined when the route is not theirs. */
  providerRoute?(route: string, body: Record<string, unknown>): unknown;
  /**
   * `/_sandbox/objects/<type>/<id>`: change (POST `{ set }`) or forget (DELETE) a stored provider object behind the
   * app's back, the way a Dashboard edit, a support action or a provider bug would look to us. Reconciliation tests
   * inject their discrepancies through it. Throws a ControlError (404 unknown object, 400 bad field).
   */
  tamperObject?(method: "POST" | "DELETE", type: string, id: string, body: Record<string, unknown>): unknown;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function parseJson(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ControlError(400, "body must be a JSON object");
  return value as Record<string, unknown>;
}

function clockView(clock: SandboxClock) {
  const now = clock.now();
  return { now, iso: new Date(now).toISOString() };
}

export async function handleControl(req: IncomingMessage, res: ServerResponse, pathname: string, hooks: ControlPlaneHooks): Promise<void> {
  if (!isLoopback(req.socket)) {
    sendJson(res, 403, { error: "the sandbox control plane only answers on loopback" });
    return;
  }
  try {
    const method = req.method ?? "GET";
    const body = method === "POST" ? parseJson(await readBody(req)) : {};
    const route = `${method} ${pathname.slice(CONTROL_PREFIX.length) || "/"}`;
    const out = (status: number, value: unknown) => sendJson(res, status, value);

    switch (route) {
      case "GET /health":
        return out(200, { ok: true, provider: hooks.provider, clock: clockView(hooks.clock) });
      case "GET /clock":
        return out(200, clockView(hooks.clock));
      case "POST /clock/advance": {
        const ms = body.ms;
        if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) throw new ControlError(400, "ms must be a non-negative number");
        hooks.clock.advance(ms);
        return out(200, clockView(hooks.clock));
      }
      case "POST /clock/set": {
        const to = body.now;
        const ms = typeof to === "number" ? to : typeof to === "string" ? Date.parse(to) : NaN;
        if (!Number.isFinite(ms)) throw new ControlError(400, "now must be epoch ms or an ISO date string");
        hooks.clock.set(ms);
        return out(200, clockView(hooks.clock));
      }
      case "POST /clock/reset":
        hooks.clock.reset();
        return out(200, clockView(hooks.clock));
      case "GET /faults":
        return out(200, { faults: hooks.faults.list() });
      case "POST /faults": {
        try {
          return out(200, hooks.faults.add(body as unknown as FaultSpec));
        } catch (err) {
          throw new ControlError(400, (err as Error).message);
        }
      }
      case "DELETE /faults":
        hooks.faults.clear();
        return out(200, { faults: [] });
      case "GET /rate-limit":
        return out(200, { perSecond: hooks.limiter.limit });
      case "POST /rate-limit": {
        const perSecond = body.perSecond;
        if (typeof perSecond !== "number") throw new ControlError(400, "perSecond must be a number");
        try {
          hooks.limiter.setLimit(perSecond);
        } catch (err) {
          throw new ControlError(400, (err as Error).message);
        }
        return out(200, { perSecond: hooks.limiter.limit });
      }
      case "GET /counters":
        return out(200, hooks.counters());
      case "GET /webhooks":
        return out(200, hooks.deliverer.getConfig());
      case "POST /webhooks":
        try {
          return out(200, hooks.configureWebhooks(body));
        } catch (err) {
          throw new ControlError(400, (err as Error).message);
        }
      case "GET /webhooks/deliveries":
        return out(200, { deliveries: hooks.deliverer.attempts(), pending: hooks.deliverer.pending });
      case "POST /reset":
        hooks.reset({ clock: body.clock === true });
        return out(200, { ok: true, clock: clockView(hooks.clock) });
      default: {
        const objectRoute = /^(POST|DELETE) \/objects\/([^/]+)\/([^/]+)$/.exec(route);
        if (objectRoute && hooks.tamperObject) {
          const [, verb, type, id] = objectRoute as unknown as [string, "POST" | "DELETE", string, string];
          return out(200, hooks.tamperObject(verb, decodeURIComponent(type), decodeURIComponent(id), body));
        }
        let answer: unknown;
        try {
          answer = hooks.providerRoute?.(route, body);
        } catch (err) {
          throw new ControlError(400, (err as Error).message);
        }
        if (answer === undefined) throw new ControlError(404, `no control route ${route}`);
        return out(200, answer);
      }
    }
  } catch (err) {
    const status = err instanceof ControlError ? err.status : err instanceof SyntaxError ? 400 : 500;
    sendJson(res, status, { error: (err as Error).message });
  }
}

/** Picks the webhook settings common to both providers out of a control-plane body. */
export function webhookPatch(body: Record<string, unknown>) {
  const patch: Record<string, unknown> = {};
  if ("url" in body) {
    if (body.url !== null && typeof body.url !== "string") throw new Error("url must be a string or null");
    patch.url = body.url;
  }
  for (const key of ["duplicate", "outOfOrder"] as const) {
    if (key in body) {
      if (typeof body[key] !== "boolean") throw new Error(`${key} must be a boolean`);
      patch[key] = body[key];
    }
  }
  for (const key of ["maxAttempts", "baseDelayMs", "maxDelayMs", "timeoutMs", "reorderWindowMs"] as const) {
    if (key in body) {
      if (typeof body[key] !== "number") throw new Error(`${key} must be a number`);
      patch[key] = body[key];
    }
  }
  if ("enabledEvents" in body) {
    const v = body.enabledEvents;
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw new Error("enabledEvents must be a string array");
    patch.enabledEvents = v;
  }
  return patch;
}
