import "server-only";
// Sends provider requests at given instants from a thread of its own. The shared budget's guarantee rests on each
// request starting within a few milliseconds of its instant; on the main thread that start waits for whatever the
// event loop is doing when the timer comes due (a garbage collection, a batch of outcomes being written): in
// bench/shared-limit ~3 % of the instants were missed by more than the 20 ms tolerance and given up. This thread does
// nothing but wait for instants and move bytes, so its timers fire on time, and its heap is too small to pause.
// Both threads read the same monotonic clock (process.hrtime), so an instant computed here is one there.
// The thread's code is a plain string (eval), not a module: it must load the same way under Next.js's bundler, tsx
// and vitest, and it needs nothing but Node's own http.
import { Worker } from "node:worker_threads";
import type { GatedRequest, GatedResponse } from "~/server/providers/stripe";

/** Monotonic milliseconds, the same clock in every thread of the process (not the wall clock, which may step). */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Start no sooner than `earliestMs` and no later than `latestMs` (monotonicMs), or not at all. */
export interface SendWindow {
  earliestMs: number;
  latestMs: number;
}

export type SendResult = { sent: true; response: GatedResponse } | { sent: false };

export interface InstantSender {
  /** Resolves once the thread runs (it takes tens of milliseconds to start): a window computed before may be missed. */
  ready(): Promise<void>;
  send(request: GatedRequest, window: SendWindow): Promise<SendResult>;
  close(): Promise<void>;
}

const THREAD_SOURCE = `
const { parentPort } = require("node:worker_threads");
const http = require("node:http");
const https = require("node:https");
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
const now = () => Number(process.hrtime.bigint()) / 1e6;
// Ahead of the process's other threads where the OS allows it (CAP_SYS_NICE; on Linux this sets only this thread):
// it does almost nothing but wake at instants, so it cannot starve them, and a loaded machine delays its wake-ups
// less (bench/shared-limit: send lateness p99 ~20 ms at the default priority, ~5 ms ahead of it).
try { require("node:os").setPriority(-10); } catch {}
parentPort.on("message", (m) => {
  const go = () => {
    const t = now();
    if (t > m.latestMs) return parentPort.postMessage({ id: m.id, sent: false });
    // a timer may fire a little early: look again rather than start before the window
    if (t < m.earliestMs) return void setTimeout(go, m.earliestMs - t);
    const r = m.request;
    const req = (r.protocol === "http" ? http : https).request({
      host: r.host, port: r.port, path: r.path, method: r.method, headers: r.headers, agent: agents[r.protocol],
      ciphers: "DEFAULT:!aNULL:!eNULL:!LOW:!EXPORT:!SSLv2:!MD5",
    });
    let done = false;
    const fail = (e) => {
      if (done) return;
      done = true;
      parentPort.postMessage({ id: m.id, sent: true, error: { message: String(e && e.message), code: e && e.code } });
    };
    req.setTimeout(r.timeoutMs, () => {
      const e = new Error("the request timed out");
      e.code = "ETIMEDOUT";
      req.destroy(e);
    });
    req.on("error", fail);
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("error", fail);
      res.on("end", () => {
        if (done) return;
        done = true;
        parentPort.postMessage({ id: m.id, sent: true, response: { status: res.statusCode, headers: res.headers, body } });
      });
    });
    req.end(r.body);
  };
  go();
});
`;

type ThreadReply =
  { id: number; sent: false } | { id: number; sent: true; response?: GatedResponse; error?: { message: string; code?: string } };

/** One thread per limiter, started on first use; it holds the process open only while a request is pending. */
export function createInstantSender(): InstantSender {
  let worker: Worker | null = null;
  let online: Promise<void> | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (r: SendResult) => void; reject: (e: unknown) => void }>();
  const start = () => {
    const w = new Worker(THREAD_SOURCE, { eval: true });
    const failAll = (e: unknown) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
      if (worker === w) {
        worker = null;
        online = null;
      }
    };
    online = new Promise<void>((resolve, reject) => {
      w.once("online", resolve);
      w.once("error", reject);
    });
    online.catch(() => undefined);
    w.on("message", (reply: ThreadReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      if (!reply.sent) p.resolve({ sent: false });
      else if (reply.response) p.resolve({ sent: true, response: reply.response });
      else p.reject(Object.assign(new Error(reply.error?.message ?? "the request failed"), { code: reply.error?.code }));
    });
    // a request the thread had started may have reached the provider: its caller treats the rejection as it treats
    // any transport error (the outcome is not known)
    w.on("error", failAll);
    w.on("exit", (code) => failAll(new Error(`the provider sender thread exited (${code})`)));
    return w;
  };
  return {
    ready() {
      worker ??= start();
      return online!;
    },
    send(request, window) {
      worker ??= start();
      worker.ref();
      const id = nextId++;
      return new Promise<SendResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage({ id, request, ...window });
      });
    },
    async close() {
      const w = worker;
      worker = null;
      online = null;
      if (w) await w.terminate();
    },
  };
}
