// Small helpers shared by both sandbox servers: body reading, JSON replies,
// loopback checks and a registry of timers so close() leaves nothing behind.
import type { IncomingMessage, ServerResponse, Server } from "node:http";
import type { Socket } from "node:net";

const MAX_BODY_BYTES = 1_000_000;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  const payload = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(payload).toString(),
    ...headers,
  });
  res.end(payload);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", ...headers });
  res.end(text);
}

export function redirect(res: ServerResponse, location: string): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(302, { Location: location, "Content-Type": "text/plain" });
  res.end(`Redirecting to ${location}`);
}

/** The control plane must only be reachable from this machine. */
export function isLoopback(socket: Socket): boolean {
  const addr = socket.remoteAddress ?? "";
  return addr === "127.0.0.1" || addr === "::1" || addr === "::ffff:127.0.0.1";
}

/**
 * Timers the server owns (latency faults, webhook retries, reorder windows).
 * Tracked so close() can cancel all of them: a forgotten timer keeps a test
 * process alive after its last test.
 */
export class TimerSet {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<() => void>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  set(fn: () => void, ms: number): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** Resolves true after `ms`, or false as soon as the set is cleared or closed. */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.closed) return resolve(false);
      const wake = () => {
        this.sleepers.delete(wake);
        resolve(false);
      };
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.sleepers.delete(wake);
        resolve(true);
      }, ms);
      this.timers.add(t);
      this.sleepers.add(wake);
    });
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const wake of [...this.sleepers]) wake();
  }

  close(): void {
    this.closed = true;
    this.clear();
  }
}

export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server has no TCP address");
  return address.port;
}

/**
 * Closes a server even while requests hang (the "hang" fault never answers):
 * stop accepting, then destroy every open connection, idle or not.
 */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

export function pathSegments(pathname: string): string[] {
  return pathname.split("/").filter((s) => s.length > 0);
}
