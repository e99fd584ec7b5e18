// The PayPal Payouts sandbox server (plain node:http). Request pipeline:
//   count -> injected fault (reset / hang / 500 / 429) -> rate limit ->
//   OAuth token endpoint, or bearer check -> settle what time has done ->
//   PayPal-Request-Id (replay / 409 / reserve) -> injected latency -> handler ->
//   reply (or drop it: lost_response)
import type { IncomingMessage, ServerResponse } from "node:http";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../clock";
import { readBody, sendJson } from "../shared/http";
import { Router } from "../shared/router";
import { bump } from "../shared/counters";
import { SandboxServer, type SandboxServerOptions } from "../shared/sandbox-server";
import { PayPalApiError, internalError, rateLimited, authFailure } from "./errors";
import { bearerValid, issueToken } from "./auth";
import { createPayout, getPayout } from "./payouts";
import { cancelItem, getItem } from "./items";
import { advancePayouts } from "./lifecycle";
import { tamperPayPalObject } from "./tamper";
import { buildPayPalEvent, paypalWebhookHeaders, verifyWebhookSignature } from "./webhooks";
import { emptyPayPalState, type PayPalContext, type PayPalSandboxConfig, type PayPalState } from "./state";

/** webhookUrl: where to POST PAYMENT.PAYOUTS* events (optional; signed as PayPal signs them, see webhooks.ts). */
export interface PayPalSandboxOptions extends SandboxServerOptions {
  config?: Partial<PayPalSandboxConfig>;
}

export const DEFAULT_PAYPAL_CONFIG: PayPalSandboxConfig = {
  processingDelayMs: MINUTE_MS,
  unclaimedReturnAfterMs: 30 * DAY_MS,
  senderBatchIdWindowMs: 30 * DAY_MS,
  // PayPal's API reference: "The server stores keys for 6 hours" (up to 72 on request).
  requestIdRetentionMs: 6 * HOUR_MS,
  tokenLifetimeSec: 32_400,
};

interface RouteInput {
  ctx: PayPalContext;
  params: Record<string, string>;
  body: unknown;
  query: URLSearchParams;
}
type PayPalHandler = (input: RouteInput) => { status: number; body: unknown };

const routes = new Router<PayPalHandler>()
  .add("POST", "/v1/payments/payouts", ({ ctx, body }) => createPayout(ctx, body))
  .add("GET", "/v1/payments/payouts/:id", ({ ctx, params, query }) => ({ status: 200, body: getPayout(ctx, params.id ?? "", query) }))
  .add("GET", "/v1/payments/payouts-item/:id", ({ ctx, params }) => ({ status: 200, body: getItem(ctx, params.id ?? "") }))
  .add("POST", "/v1/payments/payouts-item/:id/cancel", ({ ctx, params }) => ({ status: 200, body: cancelItem(ctx, params.id ?? "") }))
  .add("POST", "/v1/notifications/verify-webhook-signature", ({ ctx, body }) => verifyWebhookSignature(ctx.baseUrl, body));

export class PayPalSandbox extends SandboxServer<PayPalState> {
  readonly config: PayPalSandboxConfig;
  state: PayPalState = emptyPayPalState();

  private readonly inFlightRequestIds = new Set<string>();

  constructor(opts: PayPalSandboxOptions = {}) {
    super("paypal", opts);
    this.config = { ...DEFAULT_PAYPAL_CONFIG, ...opts.config };
  }

  tick(): void {
    advancePayouts(this.context());
  }

  protected tamperObject(verb: "POST" | "DELETE", type: string, id: string, body: Record<string, unknown>): unknown {
    return tamperPayPalObject(this.state, verb, type, id, body);
  }

  protected resetState(): void {
    this.state = emptyPayPalState();
    this.inFlightRequestIds.clear();
  }

  protected webhookHeaders(payload: string): Record<string, string> {
    return paypalWebhookHeaders(this.url, this.clock.now(), payload);
  }

  protected internalErrorBody(): unknown {
    return internalError().toJSON();
  }

  private context(): PayPalContext {
    return {
      state: this.state,
      config: this.config,
      now: this.clock.now(),
      baseUrl: this.url,
      emit: (eventType, resourceType, resource, summary) => {
        const event = buildPayPalEvent(this.url, this.clock.now(), eventType, resourceType, resource, summary);
        this.deliverer.enqueue({ id: event.id, type: eventType, payload: JSON.stringify(event) });
      },
    };
  }

  protected async handleApi(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
    const pathname = url.pathname;

    const isToken = method === "POST" && pathname === "/v1/oauth2/token";
    const match = isToken ? undefined : routes.match(method, pathname);
    bump(this.state.counters.requests, `${method} ${isToken ? pathname : (match?.route.template ?? pathname)}`);
    const debugId = Math.random().toString(16).slice(2, 15);
    const reply = (status: number, body: unknown, extra: Record<string, string> = {}) =>
      sendJson(res, status, body, { "Paypal-Debug-Id": debugId, ...extra });
    const replyError = (e: PayPalApiError) => reply(e.status, e.toJSON());

    const refuse = { rateLimited: () => replyError(rateLimited()), serverError: () => replyError(internalError()) };
    if (this.refusedBeforeApi(req, method, pathname, refuse)) return;

    const rawBody = method === "POST" ? await readBody(req) : "";
    this.tick();
    const ctx = this.context();

    if (isToken) {
      const out = issueToken(ctx, req, rawBody);
      const tokenFault = this.takeApiFault(method, pathname);
      return this.finish(req, tokenFault?.mode, () => reply(out.status, out.body));
    }
    if (!bearerValid(ctx, req)) {
      if (!req.headers.authorization) return replyError(authFailure());
      return reply(401, { error: "invalid_token", error_description: "Access Token not found in cache" });
    }
    if (!match) return replyError(new PayPalApiError(404, "NOT_FOUND", `No route for ${method} ${pathname}.`));
    const fault = this.takeApiFault(method, pathname);

    let body: unknown = null;
    if (rawBody.trim()) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return replyError(new PayPalApiError(400, "MALFORMED_REQUEST", "The request JSON is not well formed."));
      }
    }

    // PayPal-Request-Id: the first successful response is replayed for later requests with the same id.
    const requestId = method === "POST" ? req.headers["paypal-request-id"] : undefined;
    const rid = typeof requestId === "string" && requestId ? requestId : null;
    if (rid) {
      const stored = this.state.requestIds.get(rid);
      if (stored && ctx.now - stored.createdAtMs < this.config.requestIdRetentionMs) {
        this.state.counters.requestIdReplays++;
        return this.finish(req, fault?.mode, () => reply(stored.status, stored.body));
      }
      if (this.inFlightRequestIds.has(rid)) {
        return replyError(new PayPalApiError(409, "DUPLICATE_REQUEST_ID", "A request with this PayPal-Request-Id is already in progress."));
      }
      this.inFlightRequestIds.add(rid);
    }
    try {
      if (fault?.mode === "latency" && !(await this.timers.sleep(fault.latencyMs))) {
        req.socket.destroy(); // reset or closed meanwhile
        return;
      }
      let status: number;
      let out: unknown;
      try {
        const r = match.route.handler({ ctx: { ...ctx, now: this.clock.now() }, params: match.params, body, query: url.searchParams });
        status = r.status;
        out = r.body;
      } catch (err) {
        if (!(err instanceof PayPalApiError)) {
          console.error("[paypal-sandbox] handler crashed", err);
          throw err;
        }
        status = err.status;
        out = err.toJSON();
      }
      if (rid && status >= 200 && status < 300) this.state.requestIds.set(rid, { status, body: out, createdAtMs: this.clock.now() });
      this.finish(req, fault?.mode, () => reply(status, out));
    } finally {
      if (rid) this.inFlightRequestIds.delete(rid);
    }
  }

  /** Sends the reply, unless the fault says the response gets lost after the work is done. */
  private finish(req: IncomingMessage, mode: string | undefined, send: () => void): void {
    if (mode === "lost_response") {
      req.socket.destroy();
      return;
    }
    send();
  }
}
