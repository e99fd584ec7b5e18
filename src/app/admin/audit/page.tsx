import { AuditLog } from "~/components/admin/audit-log";
import { param, requireAdmin } from "../admin-guard";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit log — LessonPay admin" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin("/admin/audit");
  const p = await searchParams;
  const filter = {
    actorType: param(p, "actorType"),
    actor: param(p, "actor"),
    action: param(p, "action"),
    subjectType: param(p, "subjectType"),
    subjectId: param(p, "subject"),
  };
  return (
    <section className="stack">
      <h1>Audit log</h1>
      <p className="muted" style={{ margin: 0 }}>
        Who — a person, or a machine such as the finalize cron, a webhook or the payment worker — did what, when and why. Newest first.
      </p>
      <AuditLog filter={filter} />
    </section>
  );
}
