"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "~/components/auth/auth-client";
import { bestSupportedLocale, DEFAULT_LOCALE } from "~/shared/locales";

export function SignUpForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        setPending(true);
        setError(null);
        const { error: err } = await authClient.signUp.email({
          name: String(f.get("name")),
          email: String(f.get("email")),
          password: String(f.get("password")),
          // additional fields declared on the server (role: STUDENT or TUTOR only)
          role: String(f.get("role")),
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          // the browser's language when we support it (changeable on the account page), else the default
          locale: bestSupportedLocale(navigator.languages ?? [navigator.language]) ?? DEFAULT_LOCALE,
        } as Parameters<typeof authClient.signUp.email>[0]);
        if (err) {
          setPending(false);
          setError(err.message ?? "Sign-up failed. Please try again.");
          return;
        }
        router.push("/");
        router.refresh();
      }}
    >
      <label>
        Name
        <input name="name" autoComplete="name" required minLength={2} />
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="email" required />
      </label>
      <label>
        Password (at least 10 characters)
        <input name="password" type="password" autoComplete="new-password" required minLength={10} />
      </label>
      <fieldset className="stack" style={{ border: 0, padding: 0 }}>
        <legend>I want to</legend>
        <label style={{ flexDirection: "row" }}>
          <input type="radio" name="role" value="STUDENT" defaultChecked /> learn (student)
        </label>
        <label style={{ flexDirection: "row" }}>
          <input type="radio" name="role" value="TUTOR" /> teach (tutor)
        </label>
      </fieldset>
      <div role="alert" aria-live="polite" className="error">
        {error}
      </div>
      <button type="submit" disabled={pending} aria-busy={pending}>
        {pending && <span className="spinner" aria-hidden />} Create account
      </button>
    </form>
  );
}
