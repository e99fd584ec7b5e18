"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useViewer } from "~/components/hooks/use-viewer";
import { PendingButton } from "~/components/ui/pending-button";
import { MutationStatus } from "~/components/ui/mutation-status";
import type { RouterOutputs } from "~/trpc/api-types";
import { useTRPC } from "~/trpc/react";
import { QueryStatus } from "~/components/ui/query-status";

export function PayoutSettings() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const viewer = useViewer();
  const settings = useQuery(trpc.payout.settings.queryOptions());
  const [email, setEmail] = useState<string | null>(null);
  // Changing where payouts go asks for the password again: a stolen session alone cannot redirect money.
  const [password, setPassword] = useState("");
  const onSaved = (data: RouterOutputs["payout"]["settings"]) => {
    qc.setQueryData(trpc.payout.settings.queryKey(), data);
    setPassword("");
  };
  const update = useMutation(trpc.payout.updateSettings.mutationOptions({ onSuccess: onSaved }));
  const onboarding = useMutation(
    trpc.payout.onboardingLink.mutationOptions({
      // Stripe's hosted onboarding (the sandbox's, locally) brings the tutor back to /tutor/payouts.
      onSuccess: ({ url }) => window.location.assign(url),
    }),
  );

  if (settings.isPending || settings.isError) return <QueryStatus query={settings} viewer={viewer} loading="Loading payout settings…" />;
  const s = settings.data;
  const usd = (amount: number) => viewer.money(amount, "USD");
  const emailValue = email ?? s.paypalEmail ?? "";

  return (
    <section className="card stack" aria-labelledby="settings-heading">
      <h2 id="settings-heading" style={{ margin: 0 }}>
        How you get paid
      </h2>
      <p style={{ margin: 0 }} data-testid="payout-method">
        {s.method === null
          ? "No payout method yet: choose Stripe or PayPal below. Your earnings keep accruing meanwhile."
          : `Payouts go to ${s.method === "STRIPE" ? "your Stripe account" : `PayPal (${s.paypalEmail ?? "no email yet"})`}${s.ready ? " — ready." : " — not ready yet."}`}
      </p>
      {s.payoutsHeldUntil ? (
        <p role="status" className="notice" style={{ margin: 0 }} data-testid="payout-cool-off">
          Your payout destination was set or changed recently. For your safety, no payout is made before{" "}
          {viewer.dateTimeWithZone(s.payoutsHeldUntil)}. If you did not make this change, change your password and contact us now.
        </p>
      ) : null}
      {s.recentChanges.length > 0 ? (
        <details>
          <summary>Recent changes of where payouts go</summary>
          <ul data-testid="payout-destination-changes">
            {s.recentChanges.map((c) => (
              <li key={c.id}>
                {viewer.dateTimeWithZone(c.requestedAt)}: {c.previousDestination ?? "nothing"} →{" "}
                {c.method === "STRIPE" ? "Stripe" : "PayPal"} {c.destination}
                {c.state === "CANCELLED"
                  ? " (cancelled by an admin)"
                  : c.state === "COOLING_OFF"
                    ? ` (from ${viewer.dateTimeWithZone(c.effectiveAt)})`
                    : ""}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <label style={{ maxWidth: 420 }}>
        Current password (needed to change where payouts go)
        <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>

      <div className="stack">
        <h3 style={{ margin: 0 }}>Stripe</h3>
        <p className="muted" style={{ margin: 0 }}>
          Minimum payout {usd(s.minimums.STRIPE)}. Stripe asks for your identity and bank details on its own pages.
        </p>
        {s.stripeOnboarded ? (
          <p className="success" style={{ margin: 0 }}>
            Stripe payouts are enabled.
          </p>
        ) : null}
        <div className="row">
          {!s.stripeOnboarded && (
            <PendingButton pending={onboarding.isPending || onboarding.isSuccess} onClick={() => onboarding.mutate()}>
              {s.stripeAccountId ? "Continue Stripe onboarding" : "Set up Stripe payouts"}
            </PendingButton>
          )}
          {s.stripeOnboarded && s.method !== "STRIPE" && (
            <PendingButton
              pending={update.isPending && update.variables?.method === "STRIPE"}
              onClick={() => update.mutate({ method: "STRIPE", currentPassword: password })}
            >
              Use Stripe for payouts
            </PendingButton>
          )}
          <MutationStatus mutation={onboarding} viewer={viewer} success="Opening Stripe…" successTone="muted" />
        </div>
      </div>

      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ method: "PAYPAL", paypalEmail: emailValue.trim(), currentPassword: password });
        }}
      >
        <h3 style={{ margin: 0 }}>PayPal</h3>
        <p className="muted" style={{ margin: 0 }}>
          Minimum payout {usd(s.minimums.PAYPAL)}.
        </p>
        <label style={{ maxWidth: 420 }}>
          PayPal email
          <input type="email" autoComplete="email" required value={emailValue} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <div className="row">
          <PendingButton type="submit" pending={update.isPending && update.variables?.method === "PAYPAL"}>
            {s.method === "PAYPAL" ? "Save PayPal email" : "Use PayPal for payouts"}
          </PendingButton>
          <MutationStatus mutation={update} viewer={viewer} success="Payout settings saved." />
        </div>
      </form>
    </section>
  );
}
