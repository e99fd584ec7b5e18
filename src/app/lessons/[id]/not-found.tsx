import Link from "next/link";

export default function LessonNotFound() {
  return (
    <section className="card stack">
      <h1>Lesson not found</h1>
      <p>We couldn&apos;t find that lesson in your lessons. Check the link, or open it from your list.</p>
      <p>
        <Link href="/lessons">Go to my lessons</Link>
      </p>
    </section>
  );
}
