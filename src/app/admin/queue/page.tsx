import { NeedsAttention } from "~/components/admin/queue";
import { QUEUE_CATEGORIES } from "~/shared/admin-queue";
import { oneOf, requireAdmin } from "../admin-guard";

export const dynamic = "force-dynamic";
export const metadata = { title: "Needs attention — LessonPay admin" };

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const category = oneOf(params, "category", QUEUE_CATEGORIES);
  await requireAdmin(`/admin/queue${category ? `?category=${category}` : ""}`);
  return (
    <section className="stack">
      <h1>Needs attention</h1>
      <NeedsAttention category={category} />
    </section>
  );
}
