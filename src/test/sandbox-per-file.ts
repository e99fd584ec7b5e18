// One sandbox for a whole test file: started before its tests, reset (clock included) before each one so tests do
// not see each other's objects or faults, and closed after them. The value returned stands for the running sandbox
// (`sb.url`, `sb.control` …) from the first test on.
import { afterAll, beforeAll, beforeEach } from "vitest";
import {
  type PayPalSandboxOptions,
  type RunningPayPalSandbox,
  type RunningStripeSandbox,
  startPayPalSandbox,
  startStripeSandbox,
  type StripeSandboxOptions,
} from "~/sandbox/start";

function perFile<T extends { close(): Promise<void>; control: { reset(o: { clock?: boolean }): Promise<void> } }>(
  start: () => Promise<T>,
): T {
  let running: T | undefined;
  beforeAll(async () => {
    running = await start();
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(async () => {
    await running!.control.reset({ clock: true });
  });
  return new Proxy({} as T, {
    get(_target, prop) {
      if (!running) throw new Error("the sandbox runs only while the file's tests do (read it inside a test or hook)");
      return Reflect.get(running, prop);
    },
  });
}

/** A Stripe sandbox on a free port for this file; options are read when it starts (e.g. a receiver's URL). */
export function stripeSandboxPerFile(opts: () => StripeSandboxOptions = () => ({})): RunningStripeSandbox {
  return perFile(() => startStripeSandbox({ port: 0, ...opts() }));
}

/** A PayPal sandbox on a free port for this file. */
export function payPalSandboxPerFile(opts: () => PayPalSandboxOptions = () => ({})): RunningPayPalSandbox {
  return perFile(() => startPayPalSandbox({ port: 0, ...opts() }));
}
