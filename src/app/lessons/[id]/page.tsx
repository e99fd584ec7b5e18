import { notFound } from "next/navigation";
import { fetchOrNotFound, HydrateClient, trpc } from "~/trpc/server";
import { requireParticipant } from "../require-participant";
import { LessonRoom } from "./lesson-room";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function LessonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireParticipant(`/lessons/${id}`);
  if (!UUID.test(id)) notFound();
  // Someone else's lesson answers exactly like a missing one (no probing of ids). The view fetched here is the one
  // the room starts with: the browser does not ask for it again.
  await fetchOrNotFound(trpc.lesson.get.queryOptions({ lessonId: id }));
  return (
    <HydrateClient>
      <LessonRoom lessonId={id} />
    </HydrateClient>
  );
}
