import { DestinationChanges } from "~/components/admin/destination-changes";
import { PayoutsList } from "~/components/admin/lists";
import { PAYOUT_STATUSES } from "~/shared/statuses";
import { day, oneOf, param, requireAdmin } from "../admin-guard";

export const dynamic = "force-dynamic";
export const metadata = { title: "Payouts — LessonPay admin" };

export default async function AdminPayoutsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin("/admin/payouts");
  const p = await searchParams;
  const filter = { q: param(p, "q"), status: oneOf(p, "status", PAYOUT_STATUSES), from: day(p, "from"), to: day(p, "to") };
  return (
    <section className="stack">
      <h1>Payouts</h1>
      <PayoutsList filter={filter} />
      <h2>Payout destination changes</h2>
      <DestinationChanges />
    </section>
  );
}
