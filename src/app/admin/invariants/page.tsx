import { Invariants } from "~/components/admin/invariants";
import { requireAdmin } from "../admin-guard";

export const dynamic = "force-dynamic";
export const metadata = { title: "Invariants — LessonPay admin" };

export default async function InvariantsPage() {
  await requireAdmin("/admin/invariants");
  return (
    <section className="stack">
      <h1>Money invariants</h1>
      <p className="muted" style={{ margin: 0 }}>
        The same checks as <code>npm run ops -- check-ledger</code>, run against the database (and the sandboxes&apos; counters when they
        are in use).
      </p>
      <Invariants />
    </section>
  );
}
