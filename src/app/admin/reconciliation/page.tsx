import { Discrepancies } from "~/components/admin/discrepancies";
import { requireAdmin } from "../admin-guard";

export const dynamic = "force-dynamic";
export const metadata = { title: "Reconciliation — LessonPay admin" };

export default async function ReconciliationPage() {
  await requireAdmin("/admin/reconciliation");
  return (
    <section className="stack">
      <h1>Reconciliation</h1>
      <p className="muted" style={{ margin: 0 }}>
        Our payments and payouts against Stripe&apos;s and PayPal&apos;s objects, in both directions, once a day (the same pass as{" "}
        <code>npm run ops -- reconcile</code>). Safe disagreements are repaired through the lifecycle; the rest wait here, each with its
        alert in the queue, until the provider and our books agree again or you resolve them.
      </p>
      <Discrepancies />
    </section>
  );
}
