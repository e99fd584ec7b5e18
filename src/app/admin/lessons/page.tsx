import { LessonsList } from "~/components/admin/lists";
import { LESSON_STATUSES, PAYMENT_STATUSES } from "~/shared/statuses";
import { day, oneOf, param, requireAdmin } from "../admin-guard";

export const dynamic = "force-dynamic";
export const metadata = { title: "Lessons — LessonPay admin" };

export default async function AdminLessonsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin("/admin/lessons");
  const p = await searchParams;
  const filter = {
    q: param(p, "q"),
    status: oneOf(p, "status", LESSON_STATUSES),
    paymentStatus: oneOf(p, "paymentStatus", PAYMENT_STATUSES),
    from: day(p, "from"),
    to: day(p, "to"),
  };
  return (
    <section className="stack">
      <h1>Lessons and payments</h1>
      <LessonsList filter={filter} />
    </section>
  );
}
