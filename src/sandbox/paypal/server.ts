// The PayPal Payouts sandbox server (plain node:http). Request pipeline:
//   count -> injected fault (reset / hang / 500 / 429) -> rate limit ->
//   OAuth token endpoint, or bearer check -> settle what time has done ->
//   PayPal-Request-Id (replay / 409 / reserve) -> injected latency -> handler ->
//   reply (or drop it: lost_response)
import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DAY_MS, HOUR_MS, MINUTE_MS, SandboxClock } from "../clock";
import { FaultRegistry } from "../shared/faults";
import { SlidingWindowLimiter } from "../shared/rate-limit";
import { WebhookDeliverer, type DeliveryAttempt, type WebhookEndpointConfig } from "../shared/webhook-deliverer";
import { CONTROL_PREFIX, handleControl, webhookPatch } from "../shared/control-plane";
import { TimerSet, closeServer, listen, readBody, sendJson } from "../shared/http";
import { Router } from "../shared/router";
import { bump } from "../shared/counters";
import { PayPalApiError, internalError, rateLimited, authFailure } from "./errors";
import { bearerValid, issueToken } from "./auth";
import { createPayout, getPayout } from "./payouts";
import { cancelItem, getItem } from "./items";
import { advancePayouts } from "./lifecycle";
import { buildPayPalEvent, paypalWebhookHeaders } from "./webhooks";
import { emptyPayPalState, type PayPalContext, type PayPalCounters, type PayPalSandboxConfig, type PayPalState } from "./state";

export interface PayPalSandboxOptions {
  port?: number;
  host?: string;
  clock?: SandboxClock;
  rateLimitPerSecond?: number;
  /** Where to POST PAYMENT.PAYOUTS* events (optional; unsigned). */
  webhookUrl?: string | null;
  webhook?: Partial<Omit<WebhookEndpointConfig, "url">>;
  config?: Partial<PayPalSandboxConfig>;
  onWebhookAttempt?: (attempt: DeliveryAttempt) => void;
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
  .add("POST", "/v1/payments/payouts-item/:id/cancel", ({ ctx, params }) => ({ status: 200, body: cancelItem(ctx, params.id ?? "") }));

export class PayPalSandbox {
  readonly clock: SandboxClock;
  readonly faults = new FaultRegistry();
  readonly limiter: SlidingWindowLimiter;
  readonly deliverer: WebhookDeliverer;
  readonly config: PayPalSandboxConfig;
  state: PayPalState = emptyPayPalState();

  private readonly timers = new TimerSet();
  private readonly server: http.Server;
  private readonly initialRateLimit: number;
  private readonly host: string;
  private readonly requestedPort: number;
  private readonly inFlightRequestIds = new Set<string>();
  private unsubscribeClock: (() => void) | null = null;
  private boundPort = 0;

  constructor(opts: PayPalSandboxOptions = {}) {
    this.clock = opts.clock ?? new SandboxClock();
    this.host = opts.host ?? "127.0.0.1";
    this.requestedPort = opts.port ?? 0;
    this.initialRateLimit = opts.rateLimitPerSecond ?? 100;
    this.limiter = new SlidingWindowLimiter(this.initialRateLimit);
    this.config = { ...DEFAULT_PAYPAL_CONFIG, ...opts.config };
    this.deliverer = new WebhookDeliverer(
      this.timers,
      () => paypalWebhookHeaders(),
      { ...opts.webhook, url: opts.webhookUrl ?? null },
      (attempt) => {
        const c = this.state.counters.webhookAttempts;
        c.total++;
        if (attempt.ok) c.succeeded++;
        else c.failed++;
        opts.onWebhookAttempt?.(attempt);
      },
    );
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        console.error("[paypal-sandbox] unhandled error", err);
        if (!res.headersSent) sendJson(res, 500, internalError().toJSON());
      });
    });
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://${this.host}:${this.boundPort}`;
  }

  async listen(): Promise<this> {
    this.boundPort = await listen(this.server, this.requestedPort, this.host);
    this.unsubscribeClock = this.clock.onChange(() => this.tick());
    return this;
  }

  async close(): Promise<void> {
    this.unsubscribeClock?.();
    this.unsubscribeClock = null;
    this.timers.close();
    this.deliverer.close();
    await closeServer(this.server);
  }

  counters(): PayPalCounters {
    return structuredClone(this.state.counters);
  }

  reset(opts: { clock: boolean } = { clock: false }): void {
    this.state = emptyPayPalState();
    this.faults.clear();
    this.inFlightRequestIds.clear();
    this.limiter.setLimit(this.initialRateLimit);
    this.deliverer.reset();
    this.timers.clear();
    if (opts.clock) this.clock.reset();
  }

  tick(): void {
    advancePayouts(this.context());
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://sandbox.local");
    const pathname = url.pathname;
    if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      return handleControl(req, res, pathname, {
        provider: "paypal",
        clock: this.clock,
        faults: this.faults,
        limiter: this.limiter,
        deliverer: this.deliverer,
        counters: () => this.counters(),
        configureWebhooks: (body) => this.deliverer.configure(webhookPatch(body)),
        reset: (o) => this.reset(o),
      });
    }

    const isToken = method === "POST" && pathname === "/v1/oauth2/token";
    const match = isToken ? undefined : routes.match(method, pathname);
    bump(this.state.counters.requests, `${method} ${isToken ? pathname : (match?.route.template ?? pathname)}`);
    const debugId = Math.random().toString(16).slice(2, 15);
    const reply = (status: number, body: unknown, extra: Record<string, string> = {}) =>
      sendJson(res, status, body, { "Paypal-Debug-Id": debugId, ...extra });
    const replyError = (e: PayPalApiError) => reply(e.status, e.toJSON());

    const netFault = this.faults.take(method, pathname, "network");
    if (netFault) bump(this.state.counters.faultsInjected, netFault.mode);
    if (netFault?.mode === "reset") {
      req.socket.destroy();
      return;
    }
    if (netFault?.mode === "hang") return;
    if (netFault?.mode === "rate_limit") return replyError(rateLimited());
    if (netFault?.mode === "error500") return replyError(internalError());

    if (!this.limiter.tryAcquire()) {
      this.state.counters.rateLimited++;
      return replyError(rateLimited());
    }

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

  private takeApiFault(method: string, pathname: string) {
    const fault = this.faults.take(method, pathname, "api");
    if (fault) bump(this.state.counters.faultsInjected, fault.mode);
    return fault;
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

export async function startPayPalServer(opts: PayPalSandboxOptions = {}): Promise<PayPalSandbox> {
  return new PayPalSandbox(opts).listen();
}
