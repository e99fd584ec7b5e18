// At-least-once webhook delivery with bounded retries, shared by both sandboxes.
//
// Each event is POSTed to the configured endpoint asynchronously. A non-2xx answer
// or a connection error is retried with exponential backoff (real time: the
// providers retry on their own clocks, not on our sandbox clock) up to
// `maxAttempts`. On request it delivers every event twice (`duplicate`) and/or
// holds events for a short window and sends them newest first (`outOfOrder`),
// the two things real providers do that naive handlers get wrong.
import http from "node:http";
import https from "node:https";
import type { TimerSet } from "./http";

export interface WebhookEndpointConfig {
  url: string | null;
  duplicate: boolean;
  outOfOrder: boolean;
  /** Event types to send ("*" = all; "payment_intent.*" style prefixes allowed). */
  enabledEvents: string[];
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  /** How long out-of-order mode gathers events before sending them in reverse. */
  reorderWindowMs: number;
}

export const DEFAULT_WEBHOOK_CONFIG: WebhookEndpointConfig = {
  url: null,
  duplicate: false,
  outOfOrder: false,
  enabledEvents: ["*"],
  maxAttempts: 8,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
  timeoutMs: 5_000,
  reorderWindowMs: 50,
};

export interface DeliveryAttempt {
  eventId: string;
  eventType: string;
  /** 1 for the first copy, 2 for the duplicate in duplicate mode. */
  copy: number;
  attempt: number;
  url: string;
  /** Wall-clock time of the attempt (ISO). */
  at: string;
  status: number | null;
  error: string | null;
  ok: boolean;
  /** True when this was the last attempt and it failed. */
  gaveUp: boolean;
}

export interface OutgoingEvent {
  id: string;
  type: string;
  payload: string;
}

export function eventTypeEnabled(enabled: string[], type: string): boolean {
  return enabled.some((p) => p === "*" || p === type || (p.endsWith(".*") && type.startsWith(p.slice(0, -1))));
}

export class WebhookDeliverer {
  private config: WebhookEndpointConfig;
  private log: DeliveryAttempt[] = [];
  private reorderBuffer: OutgoingEvent[] = [];
  private reorderScheduled = false;
  private inFlight = new Set<http.ClientRequest>();
  private readonly delivered = new Set<string>();
  private readonly failed = new Set<string>();
  private active = 0;
  private generation = 0;

  constructor(
    private readonly timers: TimerSet,
    /** Headers for one attempt (signatures carry the attempt's own timestamp). */
    private readonly headersFor: (payload: string) => Record<string, string>,
    config: Partial<WebhookEndpointConfig> = {},
    private readonly onAttempt: (a: DeliveryAttempt) => void = () => {},
  ) {
    this.config = { ...DEFAULT_WEBHOOK_CONFIG, ...config };
  }

  getConfig(): WebhookEndpointConfig {
    return { ...this.config, enabledEvents: [...this.config.enabledEvents] };
  }

  configure(patch: Partial<WebhookEndpointConfig>): WebhookEndpointConfig {
    const next = { ...this.config, ...patch };
    if (next.url !== null) new URL(next.url); // throws on a malformed URL
    if (!Number.isInteger(next.maxAttempts) || next.maxAttempts < 1) throw new Error("maxAttempts must be >= 1");
    this.config = next;
    return this.getConfig();
  }

  enqueue(event: OutgoingEvent): void {
    if (!this.config.url || !eventTypeEnabled(this.config.enabledEvents, event.type)) return;
    if (this.config.outOfOrder) {
      this.reorderBuffer.push(event);
      if (!this.reorderScheduled) {
        this.reorderScheduled = true;
        this.timers.set(() => this.flushReordered(), this.config.reorderWindowMs);
      }
      return;
    }
    this.dispatch(event);
  }

  /** Whether at least one attempt for this event got a 2xx (Stripe's `delivery_success`). */
  deliveryState(eventId: string): "succeeded" | "failed" | "pending" | "none" {
    if (this.delivered.has(eventId)) return "succeeded";
    if (this.failed.has(eventId)) return "failed";
    return this.log.some((a) => a.eventId === eventId) || this.active > 0 ? "pending" : "none";
  }

  attempts(): DeliveryAttempt[] {
    return this.log.map((a) => ({ ...a }));
  }

  /** Deliveries still queued or retrying. */
  get pending(): number {
    return this.active + this.reorderBuffer.length;
  }

  reset(): void {
    this.generation++;
    for (const req of this.inFlight) req.destroy();
    this.inFlight.clear();
    this.log = [];
    this.reorderBuffer = [];
    this.reorderScheduled = false;
    this.delivered.clear();
    this.failed.clear();
    this.active = 0;
  }

  close(): void {
    this.reset();
  }

  private flushReordered(): void {
    this.reorderScheduled = false;
    const batch = this.reorderBuffer.reverse();
    this.reorderBuffer = [];
    for (const e of batch) this.dispatch(e);
  }

  private dispatch(event: OutgoingEvent): void {
    const copies = this.config.duplicate ? 2 : 1;
    for (let copy = 1; copy <= copies; copy++) {
      this.active++;
      const gen = this.generation;
      this.timers.set(() => {
        if (gen === this.generation) this.attempt(event, copy, 1, gen);
      }, 0);
    }
  }

  private attempt(event: OutgoingEvent, copy: number, attempt: number, gen: number): void {
    const url = this.config.url;
    if (!url || this.timers.isClosed) {
      this.active = Math.max(0, this.active - 1);
      return;
    }
    const started = new Date().toISOString();
    const finish = (status: number | null, error: string | null) => {
      if (gen !== this.generation) return;
      const ok = status !== null && status >= 200 && status < 300;
      const gaveUp = !ok && attempt >= this.config.maxAttempts;
      const record: DeliveryAttempt = {
        eventId: event.id,
        eventType: event.type,
        copy,
        attempt,
        url,
        at: started,
        status,
        error,
        ok,
        gaveUp,
      };
      this.log.push(record);
      this.onAttempt(record);
      if (ok) {
        this.delivered.add(event.id);
        this.failed.delete(event.id);
        this.active = Math.max(0, this.active - 1);
      } else if (gaveUp) {
        if (!this.delivered.has(event.id)) this.failed.add(event.id);
        this.active = Math.max(0, this.active - 1);
      } else {
        const delay = Math.min(this.config.baseDelayMs * 2 ** (attempt - 1), this.config.maxDelayMs);
        this.timers.set(() => {
          if (gen === this.generation) this.attempt(event, copy, attempt + 1, gen);
        }, delay);
      }
    };

    let target: URL;
    try {
      target = new URL(url);
    } catch {
      finish(null, "invalid endpoint URL");
      return;
    }
    const client = target.protocol === "https:" ? https : http;
    let settled = false;
    const req = client.request(
      target,
      {
        method: "POST",
        agent: false,
        timeout: this.config.timeoutMs,
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Content-Length": Buffer.byteLength(event.payload).toString(),
          ...this.headersFor(event.payload),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          this.inFlight.delete(req);
          if (!settled) {
            settled = true;
            finish(res.statusCode ?? null, null);
          }
        });
      },
    );
    this.inFlight.add(req);
    req.on("timeout", () => req.destroy(new Error(`timed out after ${this.config.timeoutMs} ms`)));
    req.on("error", (err) => {
      this.inFlight.delete(req);
      if (!settled) {
        settled = true;
        finish(null, err.message || String(err));
      }
    });
    req.end(event.payload);
  }
}
