import { requireUser } from "~/server/auth/require-user";
import { appPolicy } from "~/server/services";
import { EarningsView } from "./earnings-view";

export const dynamic = "force-dynamic";

export default async function EarningsPage() {
  await requireUser({ role: "TUTOR", next: "/tutor/earnings" });
  const policy = appPolicy();
  return (
    <section className="stack">
      <h1>Earnings</h1>
      <EarningsView sharePercent={(10_000 - policy.platformFeeBps) / 100} holdHours={policy.earningsHoldMs / 3_600_000} />
    </section>
  );
}
