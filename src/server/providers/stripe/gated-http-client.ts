// The stripe-node client's HTTP layer, with a seam for the shared request budget: inside `withRequestGate(gate, fn)`,
// every HTTP request the SDK makes for `fn` is handed to the gate, which decides when it goes out (and may send it
// from elsewhere: the shared limiter sends from a thread of its own, whose timers a busy event loop cannot delay).
// Outside a gate, requests go straight through the SDK's own Node client.
// Why at the HTTP layer and not around the SDK call: the moment that counts against the provider's rolling second is
// the request's, and one SDK call may make more than one request (stripe-node retries a closed connection once).
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { Readable } from "node:stream";
import Stripe from "stripe";

export interface GatedRequest {
  protocol: "http" | "https";
  host: string;
  port: string;
  path: string;
  method: string;
  headers: Record<string, string | number | string[]>;
  body: string;
  timeoutMs: number;
}

export interface GatedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends one request when its turn comes; rejects as a transport error would (with its `code`, e.g. ETIMEDOUT). */
export type RequestGate = (request: GatedRequest) => Promise<GatedResponse>;

const gates = new AsyncLocalStorage<RequestGate>();

/** Runs `fn` with every Stripe request it makes passed through `gate`. */
export function withRequestGate<T>(gate: RequestGate, fn: () => Promise<T>): Promise<T> {
  return gates.run(gate, fn);
}

class BufferedResponse extends Stripe.HttpClientResponse {
  constructor(private readonly response: GatedResponse) {
    super(response.status, response.headers as ConstructorParameters<typeof Stripe.HttpClientResponse>[1]);
  }
  override getRawResponse() {
    // the SDK copies the status and headers onto this object (its `lastResponse`)
    return { statusCode: this.response.status };
  }
  override toStream(streamCompleteCallback: () => void) {
    const stream = Readable.from([this.response.body]);
    stream.once("end", streamCompleteCallback);
    return stream;
  }
  override toJSON() {
    try {
      return Promise.resolve(this._parseResponseBody(this.response.body));
    } catch (e) {
      return Promise.reject(e);
    }
  }
}

export class GatedHttpClient extends Stripe.HttpClient {
  private readonly direct = Stripe.createNodeHttpClient();
  override getClientName() {
    return "node";
  }
  override async makeRequest(
    host: string,
    port: string,
    path: string,
    method: string,
    headers: GatedRequest["headers"],
    requestData: string,
    protocol: string,
    timeout: number,
  ) {
    const gate = gates.getStore();
    if (!gate) return this.direct.makeRequest(host, port, path, method, headers as never, requestData, protocol, timeout);
    const response = await gate({
      protocol: protocol === "http" ? "http" : "https",
      host,
      port: String(port),
      path,
      method,
      headers,
      body: requestData ?? "",
      timeoutMs: timeout,
    });
    return new BufferedResponse(response);
  }
}
