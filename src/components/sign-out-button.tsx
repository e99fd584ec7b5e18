"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "~/components/auth/auth-client";

export function SignOutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="secondary"
      disabled={pending}
      aria-busy={pending}
      onClick={async () => {
        setPending(true);
        await authClient.signOut();
        router.push("/sign-in");
        router.refresh();
      }}
    >
      {pending && <span className="spinner" aria-hidden />} Sign out
    </button>
  );
}
