import Link from "next/link";
import { headers } from "next/headers";
import { getSessionUser } from "~/server/auth";
import { Dashboard } from "./dashboard";

export const dynamic = "force-dynamic";

export default async function HomePage({ searchParams }: { searchParams: Promise<{ denied?: string }> }) {
  const user = await getSessionUser(new Headers(await headers()));
  const { denied } = await searchParams;
  if (!user) {
    return (
      <section className="stack">
        <h1>Paid 1:1 lessons, settled fairly</h1>
        <p>
          Book a tutor, meet on the lesson page, and pay only for what happened: your card is held at booking and charged after the lesson.
        </p>
        <p className="row">
          <Link className="button" href="/sign-in">
            Sign in
          </Link>
          <Link className="button secondary" href="/sign-up">
            Create an account
          </Link>
        </p>
      </section>
    );
  }
  return (
    <>
      {denied !== undefined && (
        <p role="alert" className="card error">
          That page is not available to your account{denied ? ` (${denied})` : ""}.
        </p>
      )}
      <Dashboard />
    </>
  );
}
