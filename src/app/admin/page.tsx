import { AdminOverview } from "~/components/admin/overview";
import { requireAdmin } from "./admin-guard";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin overview — LessonPay" };

export default async function AdminOverviewPage() {
  await requireAdmin("/admin");
  return (
    <section className="stack">
      <h1>Admin overview</h1>
      <AdminOverview />
    </section>
  );
}
