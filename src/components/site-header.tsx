import Link from "next/link";
import { headers } from "next/headers";
import { getSessionUser } from "~/server/auth";
import { SignOutButton } from "./sign-out-button";

const NAV: Record<string, { href: string; label: string }[]> = {
  STUDENT: [{ href: "/", label: "Home" }, { href: "/account", label: "Account" }],
  TUTOR: [{ href: "/", label: "Home" }, { href: "/account", label: "Account" }],
  ADMIN: [{ href: "/", label: "Home" }, { href: "/account", label: "Account" }],
};

export async function SiteHeader() {
  const user = await getSessionUser(new Headers(await headers())).catch(() => null);
  return (
    <header className="site-header">
      <a href="#main" className="sr-only">
        Skip to content
      </a>
      <Link href="/" className="brand">
        LessonPay
      </Link>
      <nav aria-label="Main">
        {user && NAV[user.role]?.map((n) => <Link key={n.href} href={n.href}>{n.label}</Link>)}
      </nav>
      {user ? (
        <div className="row">
          <span className="muted">
            {user.name} <span className="badge">{user.role.toLowerCase()}</span>
          </span>
          <SignOutButton />
        </div>
      ) : (
        <div className="row">
          <Link href="/sign-in">Sign in</Link>
          <Link href="/sign-up" className="button secondary">
            Sign up
          </Link>
        </div>
      )}
    </header>
  );
}
