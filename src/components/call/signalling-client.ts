// Signalling over plain request/response (it must work on Vercel): messages are posted in batches, one request at
// a time so the server stores them in the order this page made them, and the other side's messages are polled —
// fast while the call is being set up, slowly once it is connected.
import type { CallTransport, IncomingSignal, OutgoingSignal } from "./call-provider";

export interface SignallingOptions {
  lessonId: string;
  peerId: () => string;
  transport: CallTransport;
  /** handles a batch in order; the next poll waits for it */
  onMessages(messages: IncomingSignal[]): Promise<void>;
  /** the server refused for good (not a participant any more, the call window closed) */
  onRefused(message: string): void;
}

const BATCH_DELAY_MS = 40; // ICE candidates come in bursts: one request for a burst
const MAX_BATCH = 50;

/** NOT_FOUND / PRECONDITION_FAILED / FORBIDDEN / UNAUTHORIZED: retrying cannot help. */
function isRefusal(err: unknown): err is { message: string } {
  const code = (err as { data?: { code?: string } } | null)?.data?.code;
  return code === "NOT_FOUND" || code === "PRECONDITION_FAILED" || code === "FORBIDDEN" || code === "UNAUTHORIZED";
}

export class SignallingClient {
  private cursor = 0;
  private queue: OutgoingSignal[] = [];
  private sending = false;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private polling = false;
  private running = false;
  private paceMs = 1000;
  private failures = 0;
  private soon = false;

  constructor(private readonly opts: SignallingOptions) {}

  start(paceMs: number) {
    this.running = true;
    this.paceMs = paceMs;
    this.schedulePoll(0);
  }

  stop() {
    this.running = false;
    this.queue = [];
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.pollTimer) clearTimeout(this.pollTimer);
  }

  /** Poll at this pace from now on; a faster pace takes effect at once. */
  setPace(ms: number) {
    const faster = ms < this.paceMs;
    this.paceMs = ms;
    if (faster) this.schedulePoll(0);
  }

  /** An answer is likely soon (we just sent an offer, or received something): look again shortly. */
  pollSoon() {
    this.schedulePoll(150);
  }

  send(message: OutgoingSignal) {
    if (!this.running) return;
    this.queue.push(message);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, BATCH_DELAY_MS);
  }

  /** The page is going away: whatever is queued, plus these, by keepalive request. */
  sendOnExit(messages: OutgoingSignal[]) {
    const all = [...this.queue, ...messages].slice(-MAX_BATCH);
    this.stop();
    if (all.length) this.opts.transport.sendOnExit(this.opts.lessonId, this.opts.peerId(), all);
  }

  private async flush() {
    if (this.sending || !this.running) return;
    this.sending = true;
    try {
      while (this.running && this.queue.length) {
        const batch = this.queue.slice(0, MAX_BATCH);
        try {
          await this.opts.transport.send(this.opts.lessonId, this.opts.peerId(), batch);
          this.queue.splice(0, batch.length);
          this.pollSoon();
        } catch (err) {
          if (isRefusal(err)) return this.refused(err);
          await new Promise((r) => setTimeout(r, 1000)); // a network blip: keep the order, try again
        }
      }
    } finally {
      this.sending = false;
    }
  }

  private schedulePoll(delayMs: number) {
    if (!this.running) return;
    if (this.polling) {
      this.soon ||= delayMs < this.paceMs; // the running poll schedules the next one
      return;
    }
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll() {
    if (!this.running || this.polling) return;
    this.polling = true;
    this.pollTimer = null;
    let next = this.paceMs;
    try {
      const page = await this.opts.transport.poll(this.opts.lessonId, this.cursor);
      this.failures = 0;
      this.cursor = page.cursor;
      if (page.messages.length) {
        await this.opts.onMessages(page.messages);
        next = page.more ? 0 : Math.min(this.paceMs, 300);
      }
    } catch (err) {
      if (isRefusal(err)) {
        this.polling = false;
        return this.refused(err);
      }
      this.failures += 1;
      next = Math.min(this.paceMs * 2 ** this.failures, 15_000);
    }
    this.polling = false;
    if (this.soon) next = Math.min(next, 150);
    this.soon = false;
    this.schedulePoll(next);
  }

  private refused(err: { message: string }) {
    this.stop();
    this.opts.onRefused(err.message);
  }
}
