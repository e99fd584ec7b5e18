// The Stripe sandbox server: a plain node:http server speaking Stripe's v1 API.
//
// Every API request goes through the same pipeline, in the order a real request
// meets Stripe's layers:
//   count -> injected fault (reset / hang / 500 / 429) -> rate limit -> API key ->
//   parse -> lapse expired holds -> idempotency (replay / 409 / 400 / reserve) ->
//   injected latency -> handler -> store result -> reply (or drop it: lost_response)
// Browser-facing pages (Connect onboarding, 3-D Secure) and the control plane
// (`/_sandbox/...`) sit outside that pipeline.
import type { IncomingMessage, ServerResponse } from "node:http";
import { DAY_MS, HOUR_MS } from "../clock";
import type { ActiveFault } from "../shared/faults";
import { readBody, redirect, sendJson, sendText } from "../shared/http";
import { SandboxServer, type SandboxServerOptions } from "../shared/sandbox-server";
import { randomToken } from "../shared/ids";
import { bump } from "../shared/counters";
import { canonical, parseForm } from "./form-parse";
import { StripeApiError, apiError, authError, idempotencyInUse, idempotencyMismatch, invalidRequest, rateLimitError } from "./errors";
import { IdempotencyStore, MAX_KEY_LENGTH, type StoredResponse } from "./idempotency";
import { buildEvent, SANDBOX_API_VERSION } from "./events";
import { stripeWebhookHeaders } from "./webhooks";
import { stripeRoutes, type StripeHandler } from "./routes";
import { expireAuthorizations } from "./expiry";
import { passEvidenceDeadlines } from "./disputes";
import { disputeControlRoute } from "./dispute-control";
import { tamperStripeObject } from "./tamper";
import { visitOnboardingLink } from "./connect";
import { completeAuthentication } from "./three-d-secure";
import { emptyState, type AuthorizationWindows, type Json, type StripeContext, type StripeSandboxConfig, type StripeState } from "./state";
import type { Params } from "./params";

export interface StripeSandboxOptions extends SandboxServerOptions {
  /** Signs webhook events (default whsec_sandbox). */
  webhookSecret?: string;
  authorizationWindows?: Partial<AuthorizationWindows>;
  strictConnectCapabilities?: boolean;
}

export const DEFAULT_AUTHORIZATION_WINDOWS: AuthorizationWindows = {
  customerInitiatedMs: 7 * DAY_MS,
  merchantInitiatedVisaMs: 4 * DAY_MS + 18 * HOUR_MS,
};

const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, Idempotency-Key, Stripe-Version, Stripe-Account",
  "Access-Control-Max-Age": "600",
};

type KeyKind = "secret" | "publishable";

export class StripeSandbox extends SandboxServer<StripeState> {
  readonly idempotency = new IdempotencyStore();
  state: StripeState = emptyState();
  readonly config: StripeSandboxConfig;
  webhookSecret: string;

  private readonly routes: ReturnType<typeof stripeRoutes>;

  constructor(opts: StripeSandboxOptions = {}) {
    super("stripe", opts);
    this.webhookSecret = opts.webhookSecret ?? "whsec_sandbox";
    this.config = {
      authorizationWindows: { ...DEFAULT_AUTHORIZATION_WINDOWS, ...opts.authorizationWindows },
      strictConnectCapabilities: opts.strictConnectCapabilities ?? false,
    };
    this.routes = stripeRoutes((id) => this.deliverer.deliveryState(id));
  }

  protected resetState(): void {
    this.state = emptyState();
    this.idempotency.clear();
  }

  protected webhookHeaders(payload: string): Record<string, string> {
    return stripeWebhookHeaders(this.webhookSecret)(payload);
  }

  protected internalErrorBody(): unknown {
    return apiError("Sandbox internal error.").toJSON();
  }

  protected tamperObject(verb: "POST" | "DELETE", type: string, id: string, body: Record<string, unknown>): unknown {
    return tamperStripeObject(this.state, verb, type, id, body);
  }

  /** Applies everything time has done: lapsed authorizations, passed evidence deadlines. */
  tick(): void {
    const ctx = this.context({}, {}, null, null, "secret");
    expireAuthorizations(ctx);
    passEvidenceDeadlines(ctx);
  }

  protected providerControlRoute(route: string, body: Record<string, unknown>): unknown {
    this.tick();
    return disputeControlRoute(this.context({}, {}, null, null, "secret"), route, body);
  }

  private context(
    params: Params,
    path: Record<string, string>,
    requestId: string | null,
    idempotencyKey: string | null,
    apiKeyKind: KeyKind,
  ): StripeContext {
    return {
      state: this.state,
      config: this.config,
      now: this.clock.now(),
      params,
      path,
      baseUrl: this.url,
      requestId,
      idempotencyKey,
      apiKeyKind,
      emit: (type, object, o) => {
        const event = buildEvent(this.state, type, object, {
          nowMs: this.clock.now(),
          createdMs: o?.createdMs,
          previousAttributes: o?.previousAttributes,
          requestId,
          idempotencyKey,
          pendingWebhooks: this.deliverer.getConfig().url ? 1 : 0,
        });
        this.deliverer.enqueue({ id: event.id, type, payload: JSON.stringify(event, null, 2) });
      },
    };
  }

  /** Stripe's endpoints also carry the signing secret. */
  protected configureWebhooks(body: Record<string, unknown>) {
    if ("secret" in body) {
      if (typeof body.secret !== "string" || !body.secret) throw new Error("secret must be a non-empty string");
      this.webhookSecret = body.secret;
    }
    return { ...super.configureWebhooks(body), secret: this.webhookSecret };
  }

  protected async handleApi(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
    const pathname = url.pathname;
    if (method === "OPTIONS") {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (method === "GET" && pathname.startsWith("/connect/onboarding/")) return this.onboardingPage(res, pathname);
    if (method === "GET" && pathname.startsWith("/3ds/authenticate/")) return this.authenticationPage(res, pathname, url);

    const match = this.routes.match(method, pathname);
    bump(this.state.counters.requests, `${method} ${match?.route.template ?? pathname}`);
    const requestId = `req_${randomToken(14)}`;
    const baseHeaders: Record<string, string> = {
      ...CORS_HEADERS,
      "Request-Id": requestId,
      "Stripe-Version": String(req.headers["stripe-version"] ?? SANDBOX_API_VERSION),
    };
    const reply = (r: StoredResponse, extra: Record<string, string> = {}) => sendJson(res, r.status, r.body, { ...baseHeaders, ...extra });
    const replyError = (e: StripeApiError) => reply({ status: e.status, body: e.toJSON() });

    const refuse = { rateLimited: () => replyError(rateLimitError()), serverError: () => replyError(apiError()) };
    if (this.refusedBeforeApi(req, method, pathname, refuse)) return;

    const keyKind = this.authenticate(req);
    if (keyKind instanceof StripeApiError) return replyError(keyKind);
    if (keyKind === "publishable" && !(method === "POST" && pathname === "/v1/payment_methods")) {
      return replyError(authError("This API call cannot be made with a publishable API key. Please use a secret API key."));
    }

    if (!match) {
      return replyError(
        invalidRequest(
          `Unrecognized request URL (${method}: ${pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
          {
            status: 404,
          },
        ),
      );
    }

    const fault = this.takeApiFault(method, pathname);

    const params = parseForm(method === "POST" ? await readBody(req) : url.search);
    this.tick();

    const rawKey = req.headers["idempotency-key"];
    const idemKey = method === "POST" && typeof rawKey === "string" && rawKey.length > 0 ? rawKey : null;
    if (idemKey && idemKey.length > MAX_KEY_LENGTH) {
      return replyError(invalidRequest(`Idempotency-Key is too long (max ${MAX_KEY_LENGTH} characters).`, { store: false }));
    }
    if (idemKey) {
      const decision = this.idempotency.begin(idemKey, `${method} ${pathname} ${canonical(params)}`, this.clock.now());
      if (decision.kind === "in_use") return replyError(idempotencyInUse());
      if (decision.kind === "mismatch") return replyError(idempotencyMismatch(idemKey));
      if (decision.kind === "replay") {
        this.state.counters.idempotentReplays++;
        if (fault?.mode === "lost_response") {
          req.socket.destroy();
          return;
        }
        return reply(decision.response, { "Idempotency-Key": idemKey, "Idempotent-Replayed": "true" });
      }
    }

    const result = await this.execute(fault, match.route.handler, this.context(params, match.params, requestId, idemKey, keyKind), idemKey);
    if (result === null) {
      // Reset or closed while a latency fault held the request: drop it.
      req.socket.destroy();
      return;
    }

    if (fault?.mode === "lost_response") {
      // The change happened and its result is stored; the client just never hears about it.
      req.socket.destroy();
      return;
    }
    reply(result, idemKey ? { "Idempotency-Key": idemKey } : {});
  }

  /** Runs the handler inside the idempotency reservation and stores what Stripe would store. */
  private async execute(
    fault: ActiveFault | undefined,
    handler: StripeHandler,
    ctx: StripeContext,
    idemKey: string | null,
  ): Promise<StoredResponse | null> {
    if (fault?.mode === "latency") {
      const completed = await this.timers.sleep(fault.latencyMs);
      if (!completed) {
        if (idemKey) this.idempotency.release(idemKey);
        return null;
      }
      ctx.now = this.clock.now();
    }
    let result: StoredResponse;
    let store = true;
    if (fault?.mode === "error500") {
      result = { status: 500, body: apiError().toJSON() };
    } else {
      if (idemKey) bump(this.state.counters.executionsByIdempotencyKey, idemKey);
      try {
        result = { status: 200, body: handler(ctx) };
      } catch (err) {
        if (err instanceof StripeApiError) {
          result = { status: err.status, body: err.toJSON() };
          store = err.storeForIdempotency;
        } else {
          console.error("[stripe-sandbox] handler crashed", err);
          result = { status: 500, body: apiError("Sandbox handler error.").toJSON() };
        }
      }
    }
    if (idemKey) {
      if (store) this.idempotency.complete(idemKey, result);
      else this.idempotency.release(idemKey);
    }
    return result;
  }

  private authenticate(req: IncomingMessage): KeyKind | StripeApiError {
    const header = req.headers.authorization ?? "";
    let key = "";
    if (header.startsWith("Bearer ")) key = header.slice(7).trim();
    else if (header.startsWith("Basic ")) key = Buffer.from(header.slice(6), "base64").toString("utf8").split(":")[0] ?? "";
    if (!key) {
      return authError(
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      );
    }
    if (/^(sk|rk)_test_\w+/.test(key)) return "secret";
    if (/^pk_test_\w+/.test(key)) return "publishable";
    return authError(
      `Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)} (the sandbox accepts only sk_test_/rk_test_/pk_test_ keys)`,
    );
  }

  private onboardingPage(res: ServerResponse, pathname: string): void {
    this.tick();
    const token = pathname.slice("/connect/onboarding/".length);
    const location = visitOnboardingLink(this.context({}, {}, null, null, "secret"), token);
    if (location === null) return sendText(res, 404, "<h1>Unknown or malformed onboarding link</h1>");
    redirect(res, location);
  }

  private authenticationPage(res: ServerResponse, pathname: string, url: URL): void {
    this.tick();
    const token = pathname.slice("/3ds/authenticate/".length);
    const succeed = url.searchParams.get("outcome") !== "fail";
    const outcome = completeAuthentication(this.context({}, {}, null, null, "secret"), token, succeed);
    if (outcome.kind === "not_found") return sendText(res, 404, "<h1>Unknown or already used authentication link</h1>");
    if (outcome.returnUrl) {
      const target = new URL(outcome.returnUrl);
      target.searchParams.set(outcome.intentId.startsWith("seti_") ? "setup_intent" : "payment_intent", outcome.intentId);
      return redirect(res, target.toString());
    }
    sendText(res, 200, `<h1>3-D Secure ${succeed ? "completed" : "failed"}</h1><p>${outcome.intentId}: ${outcome.status}</p>`);
  }
}

export type { Json };
