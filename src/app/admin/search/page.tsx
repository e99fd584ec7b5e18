import Link from "next/link";
import { LessonsList, PayoutsList } from "~/components/admin/lists";
import { param, requireAdmin } from "../admin-guard";

export const dynamic = "force-dynamic";
export const metadata = { title: "Search — LessonPay admin" };

export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = param(await searchParams, "q");
  await requireAdmin(`/admin/search${q ? `?q=${encodeURIComponent(q)}` : ""}`);
  return (
    <section className="stack">
      <h1>{q ? `Search: ${q}` : "Search"}</h1>
      {!q ? (
        <p className="card">Type a lesson id, an email, a PaymentIntent id (pi_…) or a payout id in the search box above.</p>
      ) : (
        <>
          <section aria-labelledby="s-lessons" className="stack">
            <h2 id="s-lessons">Lessons</h2>
            <LessonsList filter={{ q }} showForm={false} />
          </section>
          <section aria-labelledby="s-payouts" className="stack">
            <h2 id="s-payouts">Payouts</h2>
            <PayoutsList filter={{ q }} showForm={false} />
          </section>
          <p>
            <Link href={`/admin/audit?subject=${encodeURIComponent(q)}`}>Audit events about “{q}”</Link>
          </p>
        </>
      )}
    </section>
  );
}
