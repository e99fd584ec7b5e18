// What both sandbox servers are besides their API: a node:http server on a chosen or free port, the movable clock,
// faults, the rate limiter, webhook delivery, the control plane, and a close() that leaves no socket or timer behind.
// A provider's server extends this and answers its API in handleApi(), after refusedBeforeApi() has played the
// network faults and the rate limit, in the order a real request meets them.
import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SandboxClock } from "../clock";
import { CONTROL_PREFIX, ControlError, handleControl, webhookPatch } from "./control-plane";
import { bump, type SandboxCounters } from "./counters";
import { FaultRegistry } from "./faults";
import { closeServer, listen, sendJson, TimerSet } from "./http";
import { SlidingWindowLimiter } from "./rate-limit";
import { type DeliveryAttempt, WebhookDeliverer, type WebhookEndpointConfig } from "./webhook-deliverer";

export interface SandboxServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  clock?: SandboxClock;
  rateLimitPerSecond?: number;
  /** Where to send webhook events (none by default). */
  webhookUrl?: string | null;
  /** Retry/backoff and delivery-mode settings for webhooks. */
  webhook?: Partial<Omit<WebhookEndpointConfig, "url">>;
  /** Called after every webhook delivery attempt (e.g. for quiet logging in scripts). */
  onWebhookAttempt?: (attempt: DeliveryAttempt) => void;
}

/** The answers a provider gives when a request is refused before its API sees it. */
export interface EarlyRefusals {
  rateLimited(): void;
  serverError(): void;
}

export abstract class SandboxServer<TState extends { counters: SandboxCounters }> {
  readonly clock: SandboxClock;
  readonly faults = new FaultRegistry();
  readonly limiter: SlidingWindowLimiter;
  readonly deliverer: WebhookDeliverer;
  abstract state: TState;

  protected readonly timers = new TimerSet();
  private readonly server: http.Server;
  private readonly initialRateLimit: number;
  private readonly host: string;
  private readonly requestedPort: number;
  private unsubscribeClock: (() => void) | null = null;
  private boundPort = 0;

  protected constructor(
    private readonly provider: "stripe" | "paypal",
    opts: SandboxServerOptions,
  ) {
    this.clock = opts.clock ?? new SandboxClock();
    this.host = opts.host ?? "127.0.0.1";
    this.requestedPort = opts.port ?? 0;
    this.initialRateLimit = opts.rateLimitPerSecond ?? 100;
    this.limiter = new SlidingWindowLimiter(this.initialRateLimit);
    this.deliverer = new WebhookDeliverer(
      this.timers,
      (payload) => this.webhookHeaders(payload),
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
        console.error(`[${provider}-sandbox] unhandled error`, err);
        if (!res.headersSent) sendJson(res, 500, this.internalErrorBody());
      });
    });
  }

  /** Applies everything time has done (lapsed holds, settled payouts); runs on every clock move and request. */
  abstract tick(): void;
  /** The provider's API: everything that is not the control plane. */
  protected abstract handleApi(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void>;
  /** Forgets every object the provider holds (the shared parts are reset by reset()). */
  protected abstract resetState(): void;
  protected abstract webhookHeaders(payload: string): Record<string, string>;
  protected abstract internalErrorBody(): unknown;

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

  counters(): TState["counters"] {
    return { ...structuredClone(this.state.counters), busiestSecond: this.limiter.busiestSecond };
  }

  reset(opts: { clock: boolean } = { clock: false }): void {
    this.resetState();
    this.faults.clear();
    this.limiter.setLimit(this.initialRateLimit);
    this.deliverer.reset();
    this.timers.clear();
    if (opts.clock) this.clock.reset();
  }

  /** Control routes only this provider has; undefined when `route` ("POST /path") is not one of them. */
  protected providerControlRoute(_route: string, _body: Record<string, unknown>): unknown {
    return undefined;
  }

  /** Changes or forgets a stored object behind the app's back (see ControlPlaneHooks.tamperObject); none by default. */
  protected tamperObject(_verb: "POST" | "DELETE", type: string, _id: string, _body: Record<string, unknown>): unknown {
    throw new ControlError(404, `this sandbox has no objects of type ${type} to change`);
  }

  /** The control plane's webhook settings; a provider with more (Stripe's signing secret) extends this. */
  protected configureWebhooks(body: Record<string, unknown>): WebhookEndpointConfig {
    return this.deliverer.configure(webhookPatch(body));
  }

  /**
   * Network faults (reset, hang, 429, 500), then the rate limit. True when the request was answered or dropped here:
   * a "hang" is never answered, and close() destroys its socket.
   */
  protected refusedBeforeApi(req: IncomingMessage, method: string, pathname: string, refuse: EarlyRefusals): boolean {
    const fault = this.faults.take(method, pathname, "network");
    if (fault) bump(this.state.counters.faultsInjected, fault.mode);
    if (fault?.mode === "reset") req.socket.destroy();
    else if (fault?.mode === "rate_limit") refuse.rateLimited();
    else if (fault?.mode === "error500") refuse.serverError();
    if (fault && ["reset", "hang", "rate_limit", "error500"].includes(fault.mode)) return true;
    if (this.limiter.tryAcquire()) return false;
    this.state.counters.rateLimited++;
    refuse.rateLimited();
    return true;
  }

  /** A fault that acts inside the API (latency, a 500 after the work, a lost response), counted when taken. */
  protected takeApiFault(method: string, pathname: string) {
    const fault = this.faults.take(method, pathname, "api");
    if (fault) bump(this.state.counters.faultsInjected, fault.mode);
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://sandbox.local");
    if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      return handleControl(req, res, url.pathname, {
        provider: this.provider,
        clock: this.clock,
        faults: this.faults,
        limiter: this.limiter,
        deliverer: this.deliverer,
        counters: () => this.counters(),
        configureWebhooks: (body) => this.configureWebhooks(body),
        reset: (o) => this.reset(o),
        providerRoute: (route, body) => this.providerControlRoute(route, body),
        tamperObject: (verb, type, id, body) => this.tamperObject(verb, type, id, body),
      });
    }
    return this.handleApi(req, res, method, url);
  }
}
