import { requireUser } from "~/server/auth/require-user";
import { PayoutHistory } from "./payout-history";
import { PayoutSettings } from "./payout-settings";
import { RequestPayout } from "./request-payout";

export const dynamic = "force-dynamic";

export default async function PayoutsPage({ searchParams }: { searchParams: Promise<{ onboarding?: string }> }) {
  await requireUser({ role: "TUTOR", next: "/tutor/payouts" });
  const { onboarding } = await searchParams;
  return (
    <section className="stack">
      <h1>Payouts</h1>
      {onboarding === "done" && (
        <p className="notice ok" role="status">
          Welcome back from Stripe. Your payout settings below show whether Stripe enabled payouts.
        </p>
      )}
      {onboarding === "retry" && (
        <p className="notice warn" role="status">
          The Stripe onboarding link expired. Start it again below.
        </p>
      )}
      <RequestPayout />
      <PayoutSettings />
      <PayoutHistory />
    </section>
  );
}
