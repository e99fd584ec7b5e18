import Link from "next/link";
import { notFound } from "next/navigation";
import { AdminLessonDetail } from "~/components/admin/lesson-detail";
import { fetchOrNotFound, HydrateClient, prefetch, trpc } from "~/trpc/server";
import { MediaEvidence } from "~/components/admin/media-evidence";
import { requireAdmin } from "../../admin-guard";

export const dynamic = "force-dynamic";
export const metadata = { title: "Lesson — LessonPay admin" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AdminLessonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/lessons/${id}`);
  if (!UUID.test(id)) notFound();
  // The detail and the money panel the page opens with, fetched once here; a missing lesson is the not-found page.
  await Promise.all([
    fetchOrNotFound(trpc.admin.lesson.queryOptions({ lessonId: id })),
    prefetch(trpc.admin.lessonMoney.queryOptions({ lessonId: id })),
    prefetch(trpc.video.evidence.queryOptions({ lessonId: id })),
  ]);
  return (
    <HydrateClient>
      <section className="stack">
        <p style={{ margin: 0 }}>
          <Link href="/admin/queue">← Needs attention</Link> · <Link href="/admin/lessons">All lessons</Link>
        </p>
        <AdminLessonDetail lessonId={id} />
        <MediaEvidence lessonId={id} />
      </section>
    </HydrateClient>
  );
}
