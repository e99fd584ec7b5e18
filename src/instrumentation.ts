// Next.js runs register() once when a server instance starts. It is the app's one composition point for dev tooling:
// when the Stripe or PayPal sandbox is in use, the invariants page reads the sandboxes' own counters through the
// gateway interface in src/server/admin/provider-counters.ts. Production code never imports the sandbox; this file
// loads it only in that case (and the lint boundary rule names this file as the one exception).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env, integrationModes } = await import("~/env");
  const modes = integrationModes(env());
  if (modes.stripe !== "sandbox" && modes.paypal !== "local-sandbox") return;
  const [{ registerProviderCounters }, { sandboxProviderCounters }] = await Promise.all([
    import("~/server/admin/provider-counters"),
    import("~/sandbox/invariants-gateway"),
  ]);
  registerProviderCounters(sandboxProviderCounters(env()));
}
