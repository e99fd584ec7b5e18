import { notFound } from "next/navigation";
import { isAppError } from "~/server/errors";
import { getLessonView } from "~/server/lessons/lesson-view";
import { appServices } from "~/server/services";
import { requireParticipant } from "../require-participant";
import { LessonRoom } from "./lesson-room";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function LessonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireParticipant(`/lessons/${id}`);
  if (!UUID.test(id)) notFound();
  try {
    // Someone else's lesson answers exactly like a missing one (no probing of ids).
    await getLessonView(await appServices(), user, id);
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
  return <LessonRoom lessonId={id} />;
}
