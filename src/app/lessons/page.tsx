import { MyLessons } from "./my-lessons";
import { requireParticipant } from "./require-participant";

export const dynamic = "force-dynamic";

export default async function LessonsPage() {
  const user = await requireParticipant("/lessons");
  return (
    <section className="stack">
      <h1>{user.role === "TUTOR" ? "Lessons" : "My lessons"}</h1>
      <MyLessons role={user.role} />
    </section>
  );
}
