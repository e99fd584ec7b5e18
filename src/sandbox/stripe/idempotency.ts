// Stripe's idempotency layer (docs.stripe.com/idempotency):
// - the first request with a key stores its status and body, errors included;
// - a retry with the same key and the same parameters gets that stored response;
// - the same key with different parameters (or another endpoint) -> 400 idempotency_error;
// - the same key while the first request still runs -> 409 idempotency_key_in_use, not stored;
// - keys are forgotten 24 hours (sandbox time) after first use.
import { DAY_MS } from "../clock";

export interface StoredResponse {
  status: number;
  body: unknown;
}

interface Entry {
  fingerprint: string;
  createdAt: number;
  response: StoredResponse | null;
}

export type IdempotencyDecision =
  { kind: "execute" } | { kind: "replay"; response: StoredResponse } | { kind: "in_use" } | { kind: "mismatch" };

export const MAX_KEY_LENGTH = 255;

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private calls = 0;

  constructor(private readonly ttlMs = DAY_MS) {}

  begin(key: string, fingerprint: string, now: number): IdempotencyDecision {
    // stripe-node keys every POST, so a long-running sandbox sees many keys: prune now and then.
    if (++this.calls % 500 === 0) this.prune(now);
    const existing = this.entries.get(key);
    if (existing && now - existing.createdAt >= this.ttlMs && existing.response) this.entries.delete(key);
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { fingerprint, createdAt: now, response: null });
      return { kind: "execute" };
    }
    if (!entry.response) return { kind: "in_use" };
    if (entry.fingerprint !== fingerprint) return { kind: "mismatch" };
    return { kind: "replay", response: entry.response };
  }

  complete(key: string, response: StoredResponse): void {
    const entry = this.entries.get(key);
    if (entry) entry.response = response;
  }

  /** Forget a reservation whose result must not be stored (validation failures, lost requests). */
  release(key: string): void {
    const entry = this.entries.get(key);
    if (entry && !entry.response) this.entries.delete(key);
  }

  prune(now: number): void {
    for (const [key, entry] of this.entries) if (entry.response && now - entry.createdAt >= this.ttlMs) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
