// A tiny local webhook endpoint for tests and scripts: records every delivery
// (raw body + headers, so signatures can be checked on the exact bytes) and
// answers with whatever status the test chooses.
import http from "node:http";
import { closeServer, listen, readBody } from "./shared/http";

export interface ReceivedWebhook {
  body: string;
  headers: http.IncomingHttpHeaders;
  /** 1-based arrival number. */
  n: number;
  status: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Decide the HTTP status for the n-th delivery (default: 200 for all). */
  respondWith(fn: (n: number, body: string) => number): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = "/webhooks"): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let decide: (n: number, body: string) => number = () => 200;
  const server = http.createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const n = received.length + 1;
        const status = decide(n, body);
        received.push({ body, headers: req.headers, n, status });
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ received: status < 300 }));
      })
      .catch(() => res.destroy());
  });
  const port = await listen(server, 0, "127.0.0.1");
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    respondWith: (fn) => {
      decide = fn;
    },
    waitFor: async (count, timeoutMs = 5_000) => {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhooks, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return received;
    },
    close: () => closeServer(server),
  };
}
