// The sandboxes in their own process for benchmarks: the provider is another machine in
// production, so its CPU must not come out of the app's event loop being measured.
// Prints one JSON line with both URLs, then runs until its parent closes stdin.
import { startSandboxes } from "../../src/sandbox/start";

const sandboxes = await startSandboxes({ stripe: { rateLimitPerSecond: 100_000 }, paypal: { rateLimitPerSecond: 100_000 } });
process.stdout.write(`${JSON.stringify({ stripe: sandboxes.stripe.url, paypal: sandboxes.paypal.url })}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void sandboxes.close().then(() => process.exit(0));
});
