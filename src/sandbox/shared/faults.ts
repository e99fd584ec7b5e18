// Fault injection for the next N requests matching a method and a path pattern.
//
// Modes, in the order a real request meets them:
// - reset          the connection is destroyed before the request is read (never reached the API)
// - hang           no answer at all, until the client gives up (its timeout) or the server closes
// - error500       a 500 api_error; with `stored: true` it is produced inside the idempotency layer
//                  and saved like Stripe saves 500s, so a retry with the same key replays it
// - rate_limit     a 429, as if the provider's limiter fired
// - latency        the request is held `latencyMs` after its idempotency key is reserved (so a
//                  concurrent request with the same key sees it in flight), then runs normally
// - lost_response  the operation runs and its result is stored, then the socket is destroyed:
//                  the client sees a network error although the change happened
import { randomToken } from "./ids";

export const FAULT_MODES = ["error500", "hang", "reset", "latency", "lost_response", "rate_limit"] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultSpec {
  /** HTTP method, or "*" for any. */
  method: string;
  /** Path pattern: "*" matches one segment, "**" any number, e.g. "/v1/payment_intents/*\/capture". */
  path: string;
  mode: FaultMode;
  /** How many matching requests to affect (default 1). */
  count?: number;
  /** For "latency": how long to hold the request. */
  latencyMs?: number;
  /** For "error500": save the 500 under the request's idempotency key (Stripe does). */
  stored?: boolean;
}

export interface ActiveFault {
  id: string;
  method: string;
  path: string;
  mode: FaultMode;
  remaining: number;
  latencyMs: number;
  stored: boolean;
}

export type FaultPhase = "network" | "api";

export function faultPhase(f: Pick<ActiveFault, "mode" | "stored">): FaultPhase {
  if (f.mode === "latency" || f.mode === "lost_response") return "api";
  if (f.mode === "error500" && f.stored) return "api";
  return "network";
}

export function isFaultMode(value: unknown): value is FaultMode {
  return typeof value === "string" && (FAULT_MODES as readonly string[]).includes(value);
}

export function pathMatches(pattern: string, pathname: string): boolean {
  const pat = pattern.split("/").filter(Boolean);
  const segs = pathname.split("/").filter(Boolean);
  const match = (pi: number, si: number): boolean => {
    if (pi === pat.length) return si === segs.length;
    const p = pat[pi];
    if (p === "**") {
      for (let k = si; k <= segs.length; k++) if (match(pi + 1, k)) return true;
      return false;
    }
    if (si === segs.length) return false;
    return (p === "*" || p === segs[si]) && match(pi + 1, si + 1);
  };
  return match(0, 0);
}

export class FaultRegistry {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): ActiveFault {
    if (!isFaultMode(spec.mode)) throw new Error(`unknown fault mode ${String(spec.mode)}; use one of ${FAULT_MODES.join(", ")}`);
    if (typeof spec.path !== "string" || !spec.path.startsWith("/")) throw new Error("fault path must start with /");
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new Error("fault count must be a positive integer");
    if (spec.mode === "latency" && !(typeof spec.latencyMs === "number" && spec.latencyMs >= 0)) {
      throw new Error("latency faults need latencyMs >= 0");
    }
    const fault: ActiveFault = {
      id: `fault_${randomToken(10)}`,
      method: (spec.method || "*").toUpperCase(),
      path: spec.path,
      mode: spec.mode,
      remaining: count,
      latencyMs: spec.latencyMs ?? 0,
      stored: spec.stored ?? false,
    };
    this.faults.push(fault);
    return fault;
  }

  /**
   * Consumes one use of the first fault matching this request, if any, in one of
   * two phases: "network" faults (reset, hang, plain 500, 429) hit every request;
   * "api" faults (latency, lost_response, stored 500) are taken only once the
   * request passed auth and routing, so a request the API would have refused
   * anyway (e.g. a stale PayPal token answered 401 and retried by the SDK) does
   * not use them up.
   */
  take(method: string, pathname: string, phase: FaultPhase): ActiveFault | undefined {
    const fault = this.faults.find(
      (f) => faultPhase(f) === phase && (f.method === "*" || f.method === method.toUpperCase()) && pathMatches(f.path, pathname),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return { ...fault };
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}
