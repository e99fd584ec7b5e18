// Starting the sandboxes in-process (tests, `npm run dev`, `npm run sandbox`).
// Port 0 (the default) picks a free port, so parallel test files never collide.
import { SandboxClock } from "./clock";
import { SandboxControlClient, type PayPalCounters, type StripeCounters } from "./control-client";
import { StripeSandbox, type StripeSandboxOptions } from "./stripe/server";
import { PayPalSandbox, type PayPalSandboxOptions } from "./paypal/server";

export { SandboxClock } from "./clock";
export type { StripeSandboxOptions } from "./stripe/server";
export type { PayPalSandboxOptions } from "./paypal/server";

export interface RunningSandbox<TCounters, TInstance> {
  /** Base URL, e.g. http://127.0.0.1:12111 */
  url: string;
  port: number;
  clock: SandboxClock;
  control: SandboxControlClient<TCounters>;
  /** The in-process server object (for tooling; tests should prefer `control`). */
  instance: TInstance;
  /** Stops listening, destroys open (even hanging) connections and cancels every timer. */
  close(): Promise<void>;
}

export type RunningStripeSandbox = RunningSandbox<StripeCounters, StripeSandbox>;
export type RunningPayPalSandbox = RunningSandbox<PayPalCounters, PayPalSandbox>;

function running<TCounters, TInstance extends StripeSandbox | PayPalSandbox>(instance: TInstance): RunningSandbox<TCounters, TInstance> {
  return {
    url: instance.url,
    port: instance.port,
    clock: instance.clock,
    control: new SandboxControlClient<TCounters>(instance.url),
    instance,
    close: () => instance.close(),
  };
}

/** opts: port (0 = random), webhookUrl?, webhookSecret (default whsec_sandbox), rateLimitPerSecond (default 100), clock? */
export async function startStripeSandbox(opts: StripeSandboxOptions = {}): Promise<RunningStripeSandbox> {
  return running<StripeCounters, StripeSandbox>(await new StripeSandbox(opts).listen());
}

/** opts: port (0 = random), webhookUrl? (PAYMENT.PAYOUTS* events, signed as PayPal signs them), rateLimitPerSecond, clock? */
export async function startPayPalSandbox(opts: PayPalSandboxOptions = {}): Promise<RunningPayPalSandbox> {
  return running<PayPalCounters, PayPalSandbox>(await new PayPalSandbox(opts).listen());
}

export interface BothSandboxes {
  stripe: RunningStripeSandbox;
  paypal: RunningPayPalSandbox;
  /** The one clock both servers read: advancing it through either control plane moves both. */
  clock: SandboxClock;
  close(): Promise<void>;
}

export async function startSandboxes(
  opts: { stripe?: StripeSandboxOptions; paypal?: PayPalSandboxOptions; clock?: SandboxClock } = {},
): Promise<BothSandboxes> {
  const clock = opts.clock ?? new SandboxClock();
  const stripe = await startStripeSandbox({ ...opts.stripe, clock });
  const paypal = await startPayPalSandbox({ ...opts.paypal, clock }).catch(async (err: unknown) => {
    await stripe.close();
    throw err;
  });
  return {
    stripe,
    paypal,
    clock,
    close: async () => {
      await Promise.all([stripe.close(), paypal.close()]);
    },
  };
}
