import Link from "next/link";

export default function TutorNotFound() {
  return (
    <section className="card stack">
      <h1>Tutor not found</h1>
      <p>This tutor does not exist or no longer takes bookings.</p>
      <p>
        <Link href="/tutors">Browse all tutors</Link>
      </p>
    </section>
  );
}
