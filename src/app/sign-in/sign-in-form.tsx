"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "~/components/auth/auth-client";

export function SignInForm({ next, demoAccounts }: { next: string; demoAccounts: { email: string; label: string; password: string }[] }) {
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function signIn(email: string, password: string, who: string) {
    setPending(who);
    setError(null);
    const { error: err } = await authClient.signIn.email({ email, password });
    if (err) {
      setPending(null);
      setError(
        err.status === 429
          ? (err.message ?? "Too many attempts. Wait a few minutes and try again.")
          : err.status === 401
            ? "That email and password don't match an account. Check them, or sign up."
            : (err.message ?? "Sign-in failed. Please try again."),
      );
      return;
    }
    router.push(next);
    router.refresh();
  }

  return (
    <div className="stack">
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          void signIn(String(f.get("email")), String(f.get("password")), "form");
        }}
      >
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <div role="alert" aria-live="polite" className="error">
          {error}
        </div>
        <button type="submit" disabled={pending !== null} aria-busy={pending === "form"}>
          {pending === "form" && <span className="spinner" aria-hidden />} Sign in
        </button>
      </form>
      <p className="muted">
        New here? <Link href="/sign-up">Create an account</Link>
      </p>
      {demoAccounts.length > 0 && (
        <section aria-labelledby="demo-heading" className="stack">
          <h2 id="demo-heading">Demo accounts</h2>
          <p className="muted">Embedded mode: sign in with one click.</p>
          {demoAccounts.map((a) => (
            <button
              key={a.email}
              type="button"
              className="secondary"
              disabled={pending !== null}
              aria-busy={pending === a.email}
              onClick={() => void signIn(a.email, a.password, a.email)}
            >
              {pending === a.email && <span className="spinner" aria-hidden />} Sign in as {a.label}
            </button>
          ))}
        </section>
      )}
    </div>
  );
}
