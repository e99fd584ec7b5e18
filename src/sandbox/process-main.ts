// The sandboxes in a process of their own (started by remote.ts): the provider is another machine in production.
// Prints one JSON line with both URLs, then runs until its parent closes stdin.
import { setPriority } from "node:os";
import { startSandboxes } from "./start";

// Ahead of the app's processes, where the OS allows it: the provider's clock, which counts its rolling-second limit,
// would otherwise stall whenever the benchmark's workers and database fill the shared cores, and count requests that
// arrived apart as one bunch. A provider on a machine of its own does not stall with ours.
try {
  setPriority(-5);
} catch {
  // not permitted here (no CAP_SYS_NICE): it runs at the default priority
}

const sandboxes = await startSandboxes({ stripe: { rateLimitPerSecond: 100_000 }, paypal: { rateLimitPerSecond: 100_000 } });
process.stdout.write(`${JSON.stringify({ stripe: sandboxes.stripe.url, paypal: sandboxes.paypal.url })}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void sandboxes.close().then(() => process.exit(0));
});
