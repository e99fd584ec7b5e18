import { requireUser } from "~/server/auth/require-user";
import { TutorsList } from "./tutors-list";

export const dynamic = "force-dynamic";

export default async function TutorsPage() {
  await requireUser({ next: "/tutors" });
  return (
    <section className="stack">
      <div>
        <h1>Find a tutor</h1>
        <p className="muted">Prices are per lesson. Times are shown in your time zone.</p>
      </div>
      <TutorsList />
    </section>
  );
}
