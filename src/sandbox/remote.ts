// Starts the sandboxes (process-main.ts) as a child process and talks to them over HTTP only (the SDKs for the API,
// SandboxControlClient for clock, faults, limits and counters): for benchmarks, whose provider must not take CPU from
// the event loop being measured, and for tests whose provider must keep counting while the app's event loop stalls.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { SandboxControlClient, type PayPalCounters, type StripeCounters } from "./control-client";

export interface RemoteSandboxes {
  stripe: { url: string; control: SandboxControlClient<StripeCounters> };
  paypal: { url: string; control: SandboxControlClient<PayPalCounters> };
  close(): Promise<void>;
}

export async function startRemoteSandboxes(): Promise<RemoteSandboxes> {
  const child = spawn(process.execPath, ["--import", "tsx", new URL("./process-main.ts", import.meta.url).pathname], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the sandbox process exited (${code}) before it was ready`)));
  });
  const urls = JSON.parse(first) as { stripe: string; paypal: string };
  return {
    stripe: { url: urls.stripe, control: new SandboxControlClient<StripeCounters>(urls.stripe) },
    paypal: { url: urls.paypal, control: new SandboxControlClient<PayPalCounters>(urls.paypal) },
    close: async () => {
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
